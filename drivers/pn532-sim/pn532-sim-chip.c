/*
 * pn532-sim-chip.c - the PN532 host protocol, as libnfc's pn532_uart driver
 * speaks it.
 *
 * Bytes from the host are cut into frames (hunting for the 00 FF start code,
 * so wake-up bytes and junk are skipped); every good command frame is
 * acknowledged with an ACK frame and answered with a response frame, or with
 * the error frame when the command is unknown.  A select with no card in the
 * field waits, as the chip does, until a card arrives, the host cancels it
 * with an ACK frame or sends another command.  Status bytes never have bit 7
 * set: libnfc aborts on it.
 */
#include <string.h>
#include <time.h>

#include "pn532-sim.h"

#define TFI_HOST	0xd4
#define TFI_CHIP	0xd5

/* Status bytes (PN532 user manual, table "Error code list"). */
#define ST_OK		0x00
#define ST_TIMEOUT	0x01	/* the card did not answer: it is gone */
#define ST_BUFOVF	0x09
#define ST_MFAUTH	0x14	/* the card answered NAK */
#define ST_BADCMD	0x27	/* no such target selected */

/* Register addresses as offsets from 0x6300. */
#define R_TXMODE	0x02
#define R_RXMODE	0x03
#define R_CONTROL	0x3c
#define R_BITFRAMING	0x3d

/* SetParameters flag: send RATS to ISO 14443-4 cards when selecting. */
#define PARAM_AUTO_RATS	0x10

/* The largest answer the chip passes on from a card. */
#define CHIP_DATA_MAX	262

static const uint8_t ack_frame[] = { 0x00, 0x00, 0xff, 0x00, 0xff, 0x00 };
static const uint8_t error_frame[] = {
	0x00, 0x00, 0xff, 0x01, 0xff, 0x7f, 0x81, 0x00
};

/* The last response frame, sent again when the host answers with NACK. */
static uint8_t last_frame[CARD_ANSWER_MAX + 16];
static size_t last_len;

/* CIU registers as the firmware leaves them: type A, 106 kbps, CRC on. */
static void
reg_reset(struct sim *s)
{
	memset(s->reg, 0, sizeof s->reg);
	s->reg[R_TXMODE] = 0x80;
	s->reg[R_RXMODE] = 0x80;
}

/* A select at 106 kbps type A sets the framing and speed bits of TxMode and
 * RxMode for it; the CRC bits stay as the host set them, as libnfc caches
 * them. */
static void
reg_type_a(struct sim *s)
{
	s->reg[R_TXMODE] &= 0x80;
	s->reg[R_RXMODE] &= 0x80;
}

void
chip_reset(struct sim *s)
{
	reg_reset(s);
	s->params = 0;
	s->field = false;
	s->retry_passive = 0xff;
	s->tg_listed = false;
	s->wait_len = 0;
	s->rx_len = 0;
}

/* Sends a response frame and keeps it for a NACK. */
static void
send_frame(struct sim *s, const uint8_t *frame, size_t len)
{
	if (len > sizeof last_frame)
		return;
	memcpy(last_frame, frame, len);
	last_len = len;
	sim_send(s, frame, len);
}

/* Sends the response to command CMD: D5, CMD + 1, then DATA. */
static void
answer(struct sim *s, uint8_t cmd, const uint8_t *data, size_t n)
{
	uint8_t f[CARD_ANSWER_MAX + 16];
	size_t len = n + 2, i, o = 0;
	uint8_t sum;

	if (n + 12 > sizeof f)
		return;
	f[o++] = 0x00;
	f[o++] = 0x00;
	f[o++] = 0xff;
	if (len <= 0xff) {
		f[o++] = (uint8_t)len;
		f[o++] = (uint8_t)(0x100 - len);
	} else {
		f[o++] = 0xff;
		f[o++] = 0xff;
		f[o++] = (uint8_t)(len >> 8);
		f[o++] = (uint8_t)(len & 0xff);
		f[o] = (uint8_t)(0x100 - (((len >> 8) + len) & 0xff));
		o++;
	}
	f[o++] = TFI_CHIP;
	f[o++] = (uint8_t)(cmd + 1);
	if (n > 0)
		memcpy(f + o, data, n);
	o += n;
	sum = (uint8_t)(TFI_CHIP + cmd + 1);
	for (i = 0; i < n; i++)
		sum = (uint8_t)(sum + data[i]);
	f[o++] = (uint8_t)(0x100 - sum);
	f[o++] = 0x00;
	sim_log_hex(s, "out", f + (len <= 0xff ? 5 : 8), len);
	send_frame(s, f, o);
}

static void
answer_status(struct sim *s, uint8_t cmd, uint8_t status)
{
	answer(s, cmd, &status, 1);
}

static void
answer_error(struct sim *s)
{
	sim_log(s, "out error frame");
	send_frame(s, error_frame, sizeof error_frame);
}

/* A register: the CIU array, or 00 for the addresses we do not model. */
static uint8_t
reg_read(const struct sim *s, unsigned addr)
{
	if ((addr >> 8) == 0x63 && (addr & 0xff) < sizeof s->reg)
		return s->reg[addr & 0xff];
	return 0x00;
}

static void
field_off(struct sim *s)
{
	s->field = false;
	if (s->present)
		card_field_off(&s->card);
}

/* Is the target the chip selected the card now in the field? */
static bool
target_is_card(const struct sim *s)
{
	return s->present && s->tg_listed && s->tg_uid_len == s->card.uid_len &&
	    memcmp(s->tg_uid, s->card.uid, s->tg_uid_len) == 0;
}

/* The target data of the card: Tg, SENS_RES, SEL_RES, NFCID1 length,
 * NFCID1, and with RATS the ATS (its first byte counts itself). Selects the
 * card. Returns the length. */
static size_t
target_data(struct sim *s, uint8_t *out, bool want_rats)
{
	struct card *c = &s->card;
	uint8_t atqa[2], sak;
	size_t o = 0;
	bool rats;

	card_atqa_sak(c, atqa, &sak);
	rats = want_rats && (sak & 0x20);
	out[o++] = 0x01;
	out[o++] = atqa[0];
	out[o++] = atqa[1];
	out[o++] = sak;
	out[o++] = (uint8_t)c->uid_len;
	memcpy(out + o, c->uid, c->uid_len);
	o += c->uid_len;
	if (rats) {
		memcpy(out + o, c->ats, c->ats_len);
		o += c->ats_len;
	}
	card_select(c, rats);
	s->tg_listed = true;
	memcpy(s->tg_uid, c->uid, c->uid_len);
	s->tg_uid_len = c->uid_len;
	return o;
}

/* Does the initiator data of InListPassiveTarget (a UID, plain or with
 * cascade tags) name the card? Empty data names any card. */
static bool
uid_matches(const struct card *c, const uint8_t *d, size_t n)
{
	uint8_t casc[12];
	size_t cn = 0;

	if (n == 0)
		return true;
	if (n == c->uid_len && memcmp(d, c->uid, n) == 0)
		return true;
	if (c->uid_len == 7) {
		casc[cn++] = 0x88;
		memcpy(casc + cn, c->uid, 7);
		cn += 7;
	}
	return cn == n && memcmp(casc, d, n) == 0;
}

/* Keeps CMD (N bytes) to answer when a card arrives, for ever (MS < 0)
 * or until MS milliseconds have passed (InAutoPoll). */
static void
wait_for_card(struct sim *s, const uint8_t *cmd, size_t n, int ms)
{
	if (n > sizeof s->wait_cmd)
		return;
	memcpy(s->wait_cmd, cmd, n);
	s->wait_len = n;
	s->wait_forever = ms < 0;
	if (ms >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &s->wait_until);
		s->wait_until.tv_sec += ms / 1000;
		s->wait_until.tv_nsec += (long)(ms % 1000) * 1000000L;
		if (s->wait_until.tv_nsec >= 1000000000L) {
			s->wait_until.tv_sec++;
			s->wait_until.tv_nsec -= 1000000000L;
		}
	}
	sim_log(s, "waiting for a card");
}

/* InListPassiveTarget: MaxTg, BrTy, initiator data. Only 106 kbps type A
 * cards exist here. FIRST is false when a waiting command is tried again
 * because a card arrived. */
static void
list_passive(struct sim *s, const uint8_t *cmd, size_t n, bool first)
{
	uint8_t a[64];
	const uint8_t *p = cmd + 1;

	if (n < 3) {
		answer_error(s);
		return;
	}
	s->field = true;
	if (first) {
		s->tg_listed = false;
		if (s->present)
			card_deselect(&s->card);
		if (p[1] == 0x00)
			reg_type_a(s);
	}
	if (p[1] == 0x00 && s->present && uid_matches(&s->card, p + 2, n - 3)) {
		a[0] = 1;
		s->wait_len = 0;
		answer(s, cmd[0], a,
		    1 + target_data(s, a + 1, s->params & PARAM_AUTO_RATS));
		return;
	}
	if (!first)
		return;
	/* The chip retries until a card answers; a finite count of retries
	 * ends with "no target". */
	if (s->retry_passive == 0xff) {
		wait_for_card(s, cmd, n, -1);
		return;
	}
	a[0] = 0;
	answer(s, cmd[0], a, 1);
}

/* InAutoPoll: PollNr (FF for ever), Period (150 ms units), target types.
 * The first type the card fits is reported. */
static void
auto_poll(struct sim *s, const uint8_t *cmd, size_t n, bool first)
{
	uint8_t a[64], atqa[2], sak, t;
	const uint8_t *p = cmd + 1;
	size_t i, len;
	bool rats;

	if (n < 4) {
		answer_error(s);
		return;
	}
	s->field = true;
	if (first) {
		s->tg_listed = false;
		reg_type_a(s);
	}
	for (i = 2; s->present && i < n - 1; i++) {
		t = p[i];
		card_atqa_sak(&s->card, atqa, &sak);
		if (t != 0x00 && t != 0x10 && !(t == 0x20 && (sak & 0x20)))
			continue;
		rats = t == 0x20 || (t == 0x00 && (s->params & PARAM_AUTO_RATS));
		a[0] = 1;
		a[1] = t;
		len = target_data(s, a + 3, rats);
		a[2] = (uint8_t)len;
		s->wait_len = 0;
		answer(s, cmd[0], a, 3 + len);
		return;
	}
	if (!first)
		return;
	if (p[0] == 0xff) {
		wait_for_card(s, cmd, n, -1);
	} else if (p[0] == 0) {
		a[0] = 0;
		answer(s, cmd[0], a, 1);
	} else {
		/* Each poll tries every type for one period. */
		wait_for_card(s, cmd, n,
		    p[0] * (p[1] == 0 ? 1 : p[1]) * 150 * (int)(n - 3));
	}
}

/* One command for the card in the field, through the faults. Returns the
 * status byte; on ST_OK the card's answer is in OUT. */
static uint8_t
tag_exchange(struct sim *s, enum card_path path, const uint8_t *in, size_t n,
    unsigned bits, uint8_t *out, size_t *outlen, enum card_result *res)
{
	*outlen = 0;
	*res = CARD_SILENT;
	if (s->present && s->remove_after == 0) {
		sim_log(s, "fault: the card leaves the field");
		sim_remove_card(s);
		s->remove_after = -1;
	} else if (s->present && s->remove_after > 0) {
		s->remove_after--;
	}
	if (!s->present || !s->field)
		return ST_TIMEOUT;
	if (path == PATH_EASY && !target_is_card(s))
		return ST_TIMEOUT;
	if (s->nak_next) {
		sim_log(s, "fault: NAK");
		s->nak_next = false;
		card_deselect(&s->card);
		*res = CARD_NAK;
		return ST_MFAUTH;
	}
	*res = card_command(&s->card, path, in, n, bits, out, outlen);
	switch (*res) {
	case CARD_DATA:
		if (*outlen > CHIP_DATA_MAX)
			return ST_BUFOVF;
		return ST_OK;
	case CARD_ACK:
		return ST_OK;
	case CARD_NAK:
		return ST_MFAUTH;
	case CARD_SILENT:
		break;
	}
	return ST_TIMEOUT;
}

static void
in_data_exchange(struct sim *s, const uint8_t *cmd, size_t n)
{
	uint8_t a[1 + CARD_ANSWER_MAX];
	enum card_result res;
	size_t len;

	if (n < 3 || (cmd[1] & 0x3f) != 1 || !s->tg_listed) {
		answer_status(s, cmd[0], ST_BADCMD);
		return;
	}
	a[0] = tag_exchange(s, PATH_EASY, cmd + 2, n - 2, 0, a + 1, &len, &res);
	if (a[0] != ST_OK || res == CARD_ACK)
		len = 0;
	answer(s, cmd[0], a, 1 + len);
}

static void
in_communicate_thru(struct sim *s, const uint8_t *cmd, size_t n)
{
	uint8_t a[1 + CARD_ANSWER_MAX + 2], crc[2];
	const uint8_t *d = cmd + 1;
	unsigned bits = s->reg[R_BITFRAMING] & 0x07;
	bool tx_crc = s->reg[R_TXMODE] & 0x80, rx_crc = s->reg[R_RXMODE] & 0x80;
	bool no_crc;
	enum card_result res;
	size_t len = n - 1, alen;

	s->reg[R_CONTROL] &= 0xf8;
	/* Short frames and anticollision frames never carry a CRC. */
	no_crc = bits != 0 || (len == 2 && d[1] == 0x20 &&
	    (d[0] == 0x93 || d[0] == 0x95 || d[0] == 0x97));
	if ((s->reg[R_TXMODE] & 0x03) != 0 || len == 0) {
		/* Type B framing or an empty frame: no card of ours answers. */
		answer_status(s, cmd[0], ST_TIMEOUT);
		return;
	}
	if (!tx_crc && !no_crc) {
		/* The host appended the CRC itself; a card ignores a frame
		 * whose CRC is wrong. */
		if (len < 3) {
			answer_status(s, cmd[0], ST_TIMEOUT);
			return;
		}
		crc_a(d, len - 2, crc);
		if (crc[0] != d[len - 2] || crc[1] != d[len - 1]) {
			answer_status(s, cmd[0], ST_TIMEOUT);
			return;
		}
		len -= 2;
	}
	a[0] = tag_exchange(s, PATH_RAW, d, len, bits, a + 1, &alen, &res);
	if (a[0] != ST_OK) {
		alen = 0;
	} else if (res == CARD_ACK) {
		a[1] = 0x0a;
		alen = 1;
		s->reg[R_CONTROL] |= 0x04;	/* four valid bits */
	} else if (!rx_crc && !no_crc) {
		crc_a(a + 1, alen, a + 1 + alen);
		alen += 2;
	}
	answer(s, cmd[0], a, 1 + alen);
}

static void
diagnose(struct sim *s, const uint8_t *cmd, size_t n)
{
	uint8_t st;

	if (n < 2) {
		answer_error(s);
		return;
	}
	switch (cmd[1]) {
	case 0x00:		/* communication line test: echo */
		answer(s, cmd[0], cmd + 1, n - 1);
		break;
	case 0x06:		/* card presence */
		st = target_is_card(s) && s->field && s->card.active ?
		    ST_OK : ST_TIMEOUT;
		answer_status(s, cmd[0], st);
		break;
	case 0x01:		/* ROM, RAM, polling, antenna tests: pass */
	case 0x02:
	case 0x04:
	case 0x07:
		answer_status(s, cmd[0], ST_OK);
		break;
	default:
		answer_error(s);
		break;
	}
}

static void
general_status(struct sim *s, const uint8_t *cmd)
{
	uint8_t a[12], atqa[2], sak;
	size_t o = 0;

	a[o++] = 0x00;			/* last error */
	a[o++] = s->field ? 1 : 0;
	if (target_is_card(s)) {
		card_atqa_sak(&s->card, atqa, &sak);
		a[o++] = 1;
		a[o++] = 0x01;		/* Tg */
		a[o++] = 0x00;		/* BrRx: 106 kbps */
		a[o++] = 0x00;		/* BrTx */
		a[o++] = (sak & 0x20) ? 0x20 : 0x10;
	} else {
		a[o++] = 0;
	}
	a[o++] = 0x00;			/* SAM status */
	answer(s, cmd[0], a, o);
}

static void
rf_configuration(struct sim *s, const uint8_t *cmd, size_t n)
{
	if (n < 3) {
		answer_error(s);
		return;
	}
	switch (cmd[1]) {
	case 0x01:		/* RF field */
		if (cmd[2] & 0x01)
			s->field = true;
		else
			field_off(s);
		break;
	case 0x05:		/* MxRtyATR, MxRtyPSL, MxRtyPassiveActivation */
		if (n >= 5)
			s->retry_passive = cmd[4];
		break;
	default:
		break;
	}
	answer(s, cmd[0], NULL, 0);
}

/* One command frame (CMD: command code and data, N bytes): the ACK frame,
 * then the answer, unless the command waits for a card. */
static void
command(struct sim *s, const uint8_t *cmd, size_t n)
{
	uint8_t a[CARD_ANSWER_MAX];
	static const uint8_t firmware[] = { 0x32, 0x01, 0x06, 0x07 };
	size_t i, o;

	/* Any new command ends a select that was waiting for a card. */
	s->wait_len = 0;
	if (s->timeout_next) {
		s->timeout_next = false;
		sim_log(s, "fault: no answer");
		return;
	}
	sim_log(s, "out ack");
	sim_send(s, ack_frame, sizeof ack_frame);

	switch (cmd[0]) {
	case 0x00:
		diagnose(s, cmd, n);
		break;
	case 0x02:		/* GetFirmwareVersion */
		answer(s, cmd[0], firmware, sizeof firmware);
		break;
	case 0x04:
		general_status(s, cmd);
		break;
	case 0x06:		/* ReadRegister: no status byte on a PN532 */
		for (i = 1, o = 0; i + 1 < n && o < sizeof a; i += 2)
			a[o++] = reg_read(s, (unsigned)cmd[i] << 8 | cmd[i + 1]);
		answer(s, cmd[0], a, o);
		break;
	case 0x08:		/* WriteRegister */
		for (i = 1; i + 2 < n; i += 3) {
			if (cmd[i] == 0x63 && cmd[i + 1] < sizeof s->reg)
				s->reg[cmd[i + 1]] = cmd[i + 2];
		}
		answer(s, cmd[0], NULL, 0);
		break;
	case 0x12:		/* SetParameters */
		if (n >= 2)
			s->params = cmd[1];
		answer(s, cmd[0], NULL, 0);
		break;
	case 0x14:		/* SAMConfiguration */
		answer(s, cmd[0], NULL, 0);
		break;
	case 0x16:		/* PowerDown: the field goes off */
		field_off(s);
		s->tg_listed = false;
		/* The next host finds the registers as after power-up,
		 * which is what libnfc assumes when it opens the reader. */
		reg_reset(s);
		answer_status(s, cmd[0], ST_OK);
		break;
	case 0x32:
		rf_configuration(s, cmd, n);
		break;
	case 0x40:
		in_data_exchange(s, cmd, n);
		break;
	case 0x42:
		in_communicate_thru(s, cmd, n);
		break;
	case 0x44:		/* InDeselect */
		if (s->present && target_is_card(s))
			card_deselect(&s->card);
		answer_status(s, cmd[0], ST_OK);
		break;
	case 0x4a:
		list_passive(s, cmd, n, true);
		break;
	case 0x52:		/* InRelease */
		if (s->present && target_is_card(s))
			card_deselect(&s->card);
		s->tg_listed = false;
		answer_status(s, cmd[0], ST_OK);
		break;
	case 0x54:		/* InSelect */
		if (!s->tg_listed) {
			answer_status(s, cmd[0], ST_BADCMD);
		} else if (!target_is_card(s) || !s->field) {
			answer_status(s, cmd[0], ST_TIMEOUT);
		} else {
			card_select(&s->card, false);
			answer_status(s, cmd[0], ST_OK);
		}
		break;
	case 0x60:
		auto_poll(s, cmd, n, true);
		break;
	default:
		answer_error(s);
		break;
	}
}

static void
consume(struct sim *s, size_t n)
{
	if (n >= s->rx_len) {
		s->rx_len = 0;
		return;
	}
	memmove(s->rx, s->rx + n, s->rx_len - n);
	s->rx_len -= n;
}

/* The host's ACK frame cancels a waiting command; its NACK asks for the
 * last response again. */
static void
host_ack(struct sim *s)
{
	sim_log(s, "in  ack");
	if (s->wait_len != 0) {
		sim_log(s, "cancelled");
		s->wait_len = 0;
	}
}

static void
host_nack(struct sim *s)
{
	sim_log(s, "in  nack");
	if (last_len != 0)
		sim_send(s, last_frame, last_len);
}

/* Takes every complete frame out of the receive buffer. */
static void
parse(struct sim *s)
{
	uint8_t cmd[sizeof s->rx];
	size_t i, len, hdr;
	unsigned sum;

	for (;;) {
		for (i = 0; i + 1 < s->rx_len; i++) {
			if (s->rx[i] == 0x00 && s->rx[i + 1] == 0xff)
				break;
		}
		if (i + 1 >= s->rx_len) {
			/* Keep a trailing 00: it may start a start code. */
			if (s->rx_len > 0 && s->rx[s->rx_len - 1] == 0x00)
				consume(s, s->rx_len - 1);
			else
				s->rx_len = 0;
			return;
		}
		consume(s, i);
		if (s->rx_len < 4)
			return;
		if (s->rx[2] == 0x00 && s->rx[3] == 0xff) {
			consume(s, 4);
			host_ack(s);
			continue;
		}
		if (s->rx[2] == 0xff && s->rx[3] == 0x00) {
			consume(s, 4);
			host_nack(s);
			continue;
		}
		if (s->rx[2] == 0xff && s->rx[3] == 0xff) {
			if (s->rx_len < 7)
				return;
			if (((s->rx[4] + s->rx[5] + s->rx[6]) & 0xff) != 0) {
				consume(s, 2);
				continue;
			}
			len = (size_t)s->rx[4] << 8 | s->rx[5];
			hdr = 7;
		} else {
			if (((s->rx[2] + s->rx[3]) & 0xff) != 0) {
				consume(s, 2);
				continue;
			}
			len = s->rx[2];
			hdr = 4;
		}
		if (len < 2 || hdr + len + 1 > sizeof s->rx) {
			consume(s, 2);
			continue;
		}
		if (s->rx_len < hdr + len + 1)
			return;
		for (i = 0, sum = 0; i <= len; i++)
			sum += s->rx[hdr + i];
		if ((sum & 0xff) != 0 || s->rx[hdr] != TFI_HOST) {
			sim_log_hex(s, "bad", s->rx + hdr, len);
			consume(s, hdr + len + 1);
			continue;
		}
		sim_log_hex(s, "in ", s->rx + hdr, len);
		memcpy(cmd, s->rx + hdr + 1, len - 1);
		consume(s, hdr + len + 1);
		command(s, cmd, len - 1);
	}
}

void
chip_input(struct sim *s, const uint8_t *buf, size_t n)
{
	size_t room;

	while (n > 0) {
		room = sizeof s->rx - s->rx_len;
		if (room == 0) {
			/* No frame fits in the buffer: it is all junk. */
			consume(s, s->rx_len - 1);
			room = sizeof s->rx - s->rx_len;
		}
		if (room > n)
			room = n;
		memcpy(s->rx + s->rx_len, buf, room);
		s->rx_len += room;
		buf += room;
		n -= room;
		parse(s);
	}
}

void
chip_card_arrived(struct sim *s)
{
	uint8_t cmd[sizeof s->wait_cmd];
	size_t n = s->wait_len;

	if (n == 0)
		return;
	memcpy(cmd, s->wait_cmd, n);
	if (cmd[0] == 0x4a)
		list_passive(s, cmd, n, false);
	else
		auto_poll(s, cmd, n, false);
}

/* Nanoseconds until the waiting InAutoPoll gives up; may be negative. */
static long long
wait_left_ns(const struct sim *s)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)(s->wait_until.tv_sec - now.tv_sec) * 1000000000LL +
	    (s->wait_until.tv_nsec - now.tv_nsec);
}

int
chip_wait_timeout_ms(struct sim *s)
{
	long long ns;

	if (s->wait_len == 0 || s->wait_forever)
		return -1;
	ns = wait_left_ns(s);
	if (ns <= 0)
		return 0;
	return (int)((ns + 999999) / 1000000);
}

void
chip_tick(struct sim *s)
{
	uint8_t none = 0;

	if (s->wait_len == 0 || s->wait_forever || wait_left_ns(s) > 0)
		return;
	/* InAutoPoll ran its count of polls: no target. */
	s->wait_len = 0;
	sim_log(s, "no card: polling ends");
	answer(s, s->wait_cmd[0], &none, 1);
}
