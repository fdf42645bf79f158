/*
 * gh_err.h - the one error vocabulary of govhall.
 *
 * Every function that can fail returns int: 0 on success or a negative
 * enum gh_err value.  gh_err_info() maps each error to its HTTP status, a
 * stable machine code for API clients and a default Chinese message; HTTP
 * handlers never invent status codes of their own.
 *
 * Thread-safety: the table is constant; everything here is reentrant.
 */
#ifndef GH_ERR_H
#define GH_ERR_H

enum gh_err {
	GH_OK = 0,
	GH_EINVAL = -1,     /* 400 a parameter or field is wrong */
	GH_EJSON = -2,      /* 400 body is not JSON */
	GH_EUTF8 = -3,      /* 400 body is not valid UTF-8 */
	GH_EAUTH = -4,      /* 401 not logged in or bad credentials */
	GH_EFORBIDDEN = -5, /* 403 role or data scope does not allow it */
	GH_ENOTFOUND = -6,  /* 404 unknown id */
	GH_ECONFLICT = -7,  /* 409 not allowed from the current state */
	GH_ETOOBIG = -8,    /* 413 body over the cap */
	GH_EUNPROCESSABLE = -9, /* 422 well-formed but fails validation */
	GH_EMETHOD = -10,   /* 405 method not allowed on this path */
	GH_ECSRF = -11,     /* 403 missing or wrong CSRF token */
	GH_EBUSY = -12,     /* 503 store busy past its timeout */
	GH_ESTORE = -13,    /* 500 store failure */
	GH_ENOMEM = -14,    /* 500 (never returned: allocation failure aborts) */
	GH_ESCHEMA = -15,   /* database schema newer than this program */
	GH_EIO = -16,       /* file or socket error */
	GH_ETOOMANY = -17,  /* 429 too many failed attempts, locked for a while */
	GH_EMEDIA = -18,    /* 415 the body is not of the type the route takes */
	GH_EUNAVAIL = -19,  /* 503 the database cannot be reached */
	GH_EUNKNOWN = -20,  /* 503 the connection was lost at commit: unknown */
	GH_ERR_COUNT_ = 21
};

struct gh_err_info {
	int http_status;
	const char *code;    /* stable, ASCII, for clients: "not_found" */
	const char *message; /* default Chinese message */
};

/* Returns the row for err (0 or negative); an unknown value maps to the
 * GH_ESTORE row so that a programming error still answers 500. */
const struct gh_err_info *gh_err_info(int err);

#endif
