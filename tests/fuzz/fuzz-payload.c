/*
 * fuzz-payload.c - libFuzzer target for what a card's chip gives us: the Type 2
 * TLV area and the NDEF message with kartu's record.
 */
#include <stddef.h>
#include <stdint.h>

#include "payload.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned char *msg;
	struct card_payload p;
	unsigned char out[PAYLOAD_NDEF_MAX];
	size_t len, olen;

	if (tlv_find(data, size, &msg, &len, NULL) == 0 &&
	    payload_decode(msg, len, &p, NULL) == 0)
		payload_encode(&p, out, sizeof out, &olen, NULL);
	if (payload_decode(data, size, &p, NULL) == 0)
		payload_encode(&p, out, sizeof out, &olen, NULL);
	return 0;
}
