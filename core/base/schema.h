#ifndef RELCAP_SCHEMA_H
#define RELCAP_SCHEMA_H

/* NULL-terminated; element i migrates user_version i to i+1. */
extern const char *const rc_schema_migrations[];

#endif
