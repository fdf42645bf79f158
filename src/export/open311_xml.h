/*
 * open311_xml.h - the XML form of Open311 GeoReport v2 answers.
 *
 * GeoReport requires XML and allows JSON; govhall builds every answer as
 * JSON (jansson) and writes its XML from it, so that both formats always
 * carry the same fields.  The mapping is GeoReport's: a JSON object is an
 * element per member, in order; an array is one element per entry, named
 * by the singular of the array's own name (services → service, attributes
 * → attribute, values → value, service_requests → request, errors → error,
 * endpoints → endpoint, formats → format; anything else → item); null is
 * an empty element, true/false the words, numbers in decimal (reals with
 * up to 15 significant digits).  Text is escaped (& < > " ') and any
 * character XML 1.0 forbids (controls other than tab and line breaks) is
 * replaced by U+FFFD, so every answer is well-formed.
 *
 * Pure: no I/O; the answer is malloc'd.  Reentrant.
 */
#ifndef GH_OPEN311_XML_H
#define GH_OPEN311_XML_H
#include <jansson.h>
#include <stddef.h>

/* The XML document (declaration with encoding="UTF-8", then root as an
 * element holding v: an array's entries or an object's members) into
 * *out (malloc'd, NUL-terminated) and its length into *len. */
void open311_xml(const json_t *v, const char *root, char **out, size_t *len);

/* The singular element name of an array named plural. */
const char *open311_xml_singular(const char *plural);

#endif
