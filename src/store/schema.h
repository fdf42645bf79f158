/*
 * schema.h - the versioned migrations embedded from src/store/schema/.
 * Migration N brings a database from user_version N-1 to N.
 */
#ifndef GH_SCHEMA_H
#define GH_SCHEMA_H

struct schema_migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct schema_migration schema_migrations[];
extern const int schema_migration_count;

#endif
