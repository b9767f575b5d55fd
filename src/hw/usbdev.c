/*
 * usbdev.c - the known USB devices and finding them through libusb.  Only
 * descriptors are read: nothing is opened or claimed, so listing never takes
 * a reader away from libnfc or a scanner from its driver.
 */
#include <stdio.h>

#include <libusb.h>

#include "usbdev.h"

const struct usbdev_kind *
usbdev_lookup(uint16_t vid, uint16_t pid)
{
	const struct usbdev_kind *k;

	for (k = usbdev_table; k->kind != NULL; k++)
		if (k->vid == vid && k->pid == pid)
			return k;
	return NULL;
}

int
usbdev_list(struct usbdev *out, int max, int all, int *n, struct kt_err *e)
{
	struct libusb_device_descriptor d;
	libusb_context *ctx = NULL;
	libusb_device **list = NULL;
	ssize_t cnt, i;
	int rc;

	*n = 0;
	if ((rc = libusb_init(&ctx)) != 0)
		return kt_error(e, KT_EFAIL, _("cannot use USB: %s"), libusb_strerror(rc));
	if ((cnt = libusb_get_device_list(ctx, &list)) < 0) {
		rc = kt_error(e, KT_EFAIL, _("cannot list USB devices: %s"),
		    libusb_strerror((int)cnt));
		goto out;
	}
	rc = 0;
	for (i = 0; i < cnt && *n < max; i++) {
		struct usbdev *u = &out[*n];

		if (libusb_get_device_descriptor(list[i], &d) != 0)
			continue;
		u->vid = d.idVendor;
		u->pid = d.idProduct;
		u->kind = usbdev_lookup(u->vid, u->pid);
		if (u->kind == NULL && !all)
			continue;
		u->bus = libusb_get_bus_number(list[i]);
		u->addr = libusb_get_device_address(list[i]);
		snprintf(u->node, sizeof u->node, "/dev/bus/usb/%03u/%03u", u->bus, u->addr);
		(*n)++;
	}
out:
	if (list != NULL)
		libusb_free_device_list(list, 1);
	libusb_exit(ctx);
	return rc;
}
