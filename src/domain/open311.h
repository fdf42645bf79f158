/*
 * open311.h - the rules of govhall's Open311 GeoReport v2 interface
 * (http://wiki.open311.org/GeoReport_v2): the services it offers (one per
 * category of efficiency complaint), the attributes of their definitions,
 * the checks of a POSTed service request's arguments, the open/closed
 * status of a complaint's state, and the W3C subset of ISO 8601 its
 * date-times are written in.
 *
 * GeoReport is location-based; a service centre's complaints are not, so
 * lat/long and address_string are accepted and kept but not required (the
 * specification's "one of them is required" is relaxed, and documented).
 * An anonymous request needs a contact (phone or e-mail), as every
 * complaint does.
 *
 * Pure functions over caller-owned text; no I/O, no allocation, reentrant.
 */
#ifndef GH_OPEN311_H
#define GH_OPEN311_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OPEN311_DESCRIPTION_MAX 4000   /* characters, the specification's */
#define OPEN311_ATTRS_MAX 8

/* One service: a complaint category.  code is the complaint category's
 * API name (complaints' "category"), so a request filed under it arrives
 * at the desk already classified. */
struct open311_service {
	const char *code;
	const char *name;
	const char *description;
	const char *keywords;  /* comma separated */
	const char *group;
};

/* The services in their listing order; *n gets their number. */
const struct open311_service *open311_services(size_t *n);
/* The service of code, or NULL. */
const struct open311_service *open311_service_find(const char *code);

/* The attributes of every service's definition, in order. */
enum open311_attr_values {
	OPEN311_VALUES_NONE,       /* free text */
	OPEN311_VALUES_YES_NO,     /* "yes" / "no" */
	OPEN311_VALUES_DEPARTMENTS /* the centre's departments (their ids) */
};
struct open311_attr {
	const char *code;
	const char *datatype;      /* GeoReport's: string, singlevaluelist */
	bool required;
	const char *description;
	const char *datatype_description;
	int values;                /* enum open311_attr_values */
	size_t max_chars;          /* for free text */
};
const struct open311_attr *open311_attrs(size_t *n);
const struct open311_attr *open311_attr_find(const char *code);

/* One argument of a request, as the form gave it. */
struct open311_kv {
	const char *name, *value;
};

/* The arguments of POST requests: pointers into the kv array given to
 * open311_post_parse (NULL when absent).  attr_* are the values of the
 * attribute[CODE] arguments, by open311_attrs order. */
struct open311_post {
	const char *api_key, *jurisdiction_id, *service_code, *description;
	const char *first_name, *last_name, *email, *phone;
	const char *lat, *lon, *address_string, *address_id;
	const char *device_id, *account_id, *media_url;
	const char *attr[OPEN311_ATTRS_MAX];
};

/* Checks and sorts the arguments of a POST: 0 and *out, or GH_EINVAL with
 * a Chinese reason in why (cap bytes) and the argument's name in field
 * (field_cap bytes, "" for none).  Refused: a missing service_code or
 * description, an unknown service, an attribute[] no service defines or a
 * value outside its list, text longer than its cap or with control
 * characters (description may hold line breaks and tabs), an e-mail or
 * phone of the wrong shape, lat without long (or the reverse) or outside
 * WGS84's range, a media_url that is not http(s), no contact at all
 * (first/last name alone are not one).  Unknown plain arguments are
 * ignored, as GeoReport clients add their own.  Departments are not
 * checked here: a value of a departments attribute must be a positive
 * integer, the caller checks it names one. */
int open311_post_parse(const struct open311_kv *kv, size_t n,
    struct open311_post *out, char *why, size_t cap, char *field,
    size_t field_cap);

/* "open" or "closed" for a complaint state's API name: a complaint not
 * accepted (rejected), reported or archived is closed, any other open. */
const char *open311_status(const char *complaint_state);
/* Whether status (one value of the status filter) is "open" or "closed". */
bool open311_status_valid(const char *status);

/* Writes t (Unix seconds) as "YYYY-MM-DDTHH:MM:SS+08:00" at gmtoff_s
 * seconds east of UTC ("Z" when 0) into out (32 bytes). */
void open311_time_format(int64_t t, long gmtoff_s, char out[32]);
/* Parses the W3C subset GeoReport uses: "YYYY-MM-DD" (the day's start at
 * gmtoff_s), "YYYY-MM-DDTHH:MM" or "...:SS" with an optional fraction,
 * then "Z" or "+HH:MM"/"-HH:MM" (without either: gmtoff_s).  0 and *out,
 * or GH_EINVAL. */
int open311_time_parse(const char *s, long gmtoff_s, int64_t *out);

#endif
