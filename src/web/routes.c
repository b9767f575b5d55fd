/*
 * routes.c - every module's table of routes (web.h), in the order the menu
 * shows them.  One line per module.
 */
#include "web-int.h"

extern const struct web_route web_routes_login[];
extern const struct web_route web_routes_proc[];
extern const struct web_route web_routes_desk[];
extern const struct web_route web_routes_member[];
extern const struct web_route web_routes_print[];
extern const struct web_route web_routes_complaint[];
extern const struct web_route web_routes_report[];
extern const struct web_route web_routes_calendar[];
extern const struct web_route web_routes_operator[];
extern const struct web_route web_routes_settings[];

const struct web_route *const web_route_tables[] = {
	web_routes_login,
	web_routes_proc,
	web_routes_desk,
	web_routes_member,
	web_routes_print,
	web_routes_complaint,
	web_routes_report,
	web_routes_calendar,
	web_routes_operator,
	web_routes_settings,
	NULL,
};
