/*
 * schema.h - the versioned migrations embedded from src/store/schema/.
 * Migration N brings a database from schema version N-1 to N; each has its
 * SQLite and its PostgreSQL spelling (the same text when the file is
 * common to both, scripts/embed_schema.cmake).
 */
#ifndef GH_SCHEMA_H
#define GH_SCHEMA_H
#include <stddef.h>

struct schema_migration {
	int version;
	const char *name;
	const char *sqlite;
	const char *pg;      /* NULL: not written for PostgreSQL yet */
};

extern const struct schema_migration schema_migrations[];
extern const int schema_migration_count;

#endif
