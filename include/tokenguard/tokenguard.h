/* tokenguard/tokenguard.h: the C API, for gateways and any language with a
 * C FFI (LuaJIT, Python ctypes, Go cgo, Rust).
 *
 *   tg_catalog* catalog = NULL;
 *   if (tg_catalog_embedded(&catalog) != TG_OK) abort();
 *
 *   tg_result* result = NULL;
 *   tg_status s = tg_check_request(catalog, NULL, 0,            // route by method + path
 *                                  "PUT", 3, path, path_len,
 *                                  headers, header_count, 1,    // 1: headers were given
 *                                  body, body_len, &result);
 *   if (s == TG_INVALID) {
 *     char envelope[4096];
 *     size_t needed = 0;
 *     if (tg_result_envelope(result, envelope, sizeof envelope, &needed) == TG_OK)
 *       reply(400, envelope, needed);
 *   }
 *   tg_result_free(result);
 *   tg_catalog_free(catalog);
 *
 * Rules:
 * - Every input is a pointer plus a length; nothing needs a terminating NUL.
 * - Every function returns a tg_status (stable numbers, below) and never
 *   lets an exception or a crash through; freeing NULL does nothing.
 * - Threads: one catalog may be shared by any number of threads at once; a
 *   tg_result belongs to the call that made it (read it from one thread at a
 *   time, free it once).
 * - Strings read out of a tg_result stay valid until tg_result_free, or
 *   until the handle is filled again by tg_check_request_into or
 *   tg_check_response_into.
 * - A gateway checking many requests keeps one handle per thread (or per
 *   worker) and fills it with the _into functions: a valid check then
 *   allocates nothing.
 * - No message contains a header value or the value of a secret field.
 */
#ifndef TOKENGUARD_TOKENGUARD_H_
#define TOKENGUARD_TOKENGUARD_H_

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define TG_API
#else
#define TG_API __attribute__((visibility("default")))
#endif

/* Status codes. Stable: never renumbered, only added to. */
typedef enum tg_status {
  TG_OK = 0,                    /* done; for checks: valid (warnings allowed) */
  TG_INVALID = 1,               /* the check found at least one error */
  TG_ERR_ARGUMENT = 2,          /* a NULL or out-of-range argument */
  TG_ERR_UNKNOWN_OPERATION = 3, /* no operation with that id */
  TG_ERR_LOAD = 4,              /* a document did not load (see the error text) */
  TG_ERR_BUFFER_TOO_SMALL = 5,  /* the caller's buffer is too small; *needed says how big */
  TG_ERR_NO_MEMORY = 6,         /* an allocation failed */
  TG_ERR_INTERNAL = 7           /* anything else (a bug: please report it) */
} tg_status;

typedef enum tg_severity { TG_SEVERITY_ERROR = 0, TG_SEVERITY_WARNING = 1 } tg_severity;

typedef struct tg_catalog tg_catalog;
typedef struct tg_result tg_result;

typedef struct tg_header {
  const char* name;
  size_t name_len;
  const char* value;
  size_t value_len;
} tg_header;

/* One finding; every string is NUL-terminated and owned by the result. */
typedef struct tg_finding {
  tg_severity severity;
  const char* location; /* "body", "path", "query", "header", "status" or "route" */
  const char* pointer;  /* RFC 6901 JSON Pointer into that location */
  const char* keyword;  /* the schema keyword or check */
  const char* code;     /* stable, e.g. "TG_FORMAT" */
  const char* message;  /* for people */
} tg_finding;

/* The library version, e.g. "0.1.0": TOKENGUARD_VERSION_STRING of
 * tokenguard/version.h. */
TG_API const char* tg_version(void);
/* A short, static description of a status (an int, so that any value a
 * caller holds is a valid argument: "unknown status" for one not listed). */
TG_API const char* tg_status_string(int status);

/* The embedded catalog (shared; built on first use). */
TG_API tg_status tg_catalog_embedded(tg_catalog** out);
/* A catalog from the caller's OpenAPI 3.0 or 3.1 document, JSON or YAML. On
 * TG_ERR_LOAD the reason is written to error (NUL-terminated, cut to
 * error_size) if given. (tg_catalog_from_openapi_ex with no options.) */
TG_API tg_status tg_catalog_from_openapi(const char* json, size_t json_len, tg_catalog** out, char* error,
                                         size_t error_size);

/* Supplies a document that an OpenAPI document's $ref names. Called with the
 * document's absolute URI (not NUL-terminated); returns 1 and points *text
 * and *text_len at its text (JSON or YAML; copied before the call returns
 * to tokenguard, so it may live in a reused buffer), or 0 when there is no
 * such document. tokenguard never fetches anything from the network: a
 * $ref the resolver does not supply makes the load fail, naming it. */
typedef int (*tg_resolver)(void* user_data, const char* uri, size_t uri_len, const char** text, size_t* text_len);

/* How to load a user's OpenAPI document. Set size to
 * sizeof(tg_openapi_options); a zeroed struct with size set, or NULL, means
 * the defaults. */
typedef struct tg_openapi_options {
  size_t size;
  const char* base_uri; /* the document's own URI, the base of its relative $refs (NULL: none) */
  size_t base_uri_len;
  tg_resolver resolver; /* other documents (NULL: none) */
  void* resolver_data;  /* passed to resolver */
  unsigned flags;       /* TG_OPENAPI_* below, or-ed */
} tg_openapi_options;

/* Compile every operation's schemas while loading (otherwise each compiles
 * on its first check), so that every cost is paid, and every schema
 * diagnostic known, at load. */
#define TG_OPENAPI_EAGER 1u
/* Formats are annotations, not assertions. */
#define TG_OPENAPI_FORMATS_ANNOTATE 2u

/* A catalog from an OpenAPI 3.0 or 3.1 document's text, JSON or YAML.
 * TG_ERR_ARGUMENT for options whose size is 0 or whose flags hold an
 * unknown bit; TG_ERR_LOAD with the reason in error (a YAML error gives its
 * line and column; an unresolved $ref is named with where it is used). */
TG_API tg_status tg_catalog_from_openapi_ex(const char* text, size_t text_len, const tg_openapi_options* options,
                                            tg_catalog** out, char* error, size_t error_size);
/* The same from a file: its relative $refs read the files they name within
 * the file's folder (and the resolver, if given, anything else). */
TG_API tg_status tg_catalog_from_openapi_file(const char* path, size_t path_len, const tg_openapi_options* options,
                                              tg_catalog** out, char* error, size_t error_size);
/* What the loaded document asks for that is not checked as written, and
 * where it breaks OpenAPI's rules harmlessly (tokenguard/catalog.h:
 * Catalog::diagnostics). Strings are owned by the catalog; NULL when i is
 * out of range. */
TG_API size_t tg_catalog_diagnostic_count(const tg_catalog* catalog);
TG_API const char* tg_catalog_diagnostic_location(const tg_catalog* catalog, size_t i);
TG_API const char* tg_catalog_diagnostic_message(const tg_catalog* catalog, size_t i);

TG_API void tg_catalog_free(tg_catalog* catalog);
TG_API size_t tg_catalog_operation_count(const tg_catalog* catalog);
/* The id of operation i (NULL when out of range); owned by the catalog. */
TG_API const char* tg_catalog_operation_id(const tg_catalog* catalog, size_t i);
/* Its method ("PUT") and path template ("/user/tokens/{token_id}"); NULL
 * when out of range; owned by the catalog. */
TG_API const char* tg_catalog_operation_method(const tg_catalog* catalog, size_t i);
TG_API const char* tg_catalog_operation_path(const tg_catalog* catalog, size_t i);

/* The value grammars. Each returns TG_OK with the value written, TG_INVALID
 * with the reason in `error` (a caller buffer of error_size bytes; written
 * NUL-terminated and cut to fit; NULL or 0 to skip it), or TG_ERR_ARGUMENT.
 * The reason never quotes more of the text than the grammar's message does. */
/* A Go duration ("2h45m", "300ms", "1.5h"), as integer nanoseconds. */
TG_API tg_status tg_parse_duration(const char* text, size_t len, int64_t* nanoseconds, char* error,
                                   size_t error_size);
/* An RFC 3339 date-time: the UTC instant (seconds since the epoch plus
 * nanoseconds) and the offset it was written with, in seconds. */
TG_API tg_status tg_parse_date_time(const char* text, size_t len, int64_t* unix_seconds, uint32_t* nanoseconds,
                                    int32_t* offset_seconds, char* error, size_t error_size);
/* A CIDR prefix (IPv4 or IPv6): its masked canonical text into `canonical`
 * (canonical_size bytes; 49 always suffice) and its length in bits. */
TG_API tg_status tg_parse_cidr(const char* text, size_t len, char* canonical, size_t canonical_size, int* bits,
                               char* error, size_t error_size);

/* Checks a request. With operation_id (not NULL, at least one byte), against
 * that operation, and the path, if given, must fit it; with operation_id
 * NULL, routes by method and path, which must then both be given (at least
 * one byte each). headers_given is 0 (credentials and Content-Type are not
 * checked; the result notes it) or 1; each header needs a name of at least
 * one byte. Returns TG_OK or TG_INVALID with *out set (free it), or an error
 * status with *out NULL: TG_ERR_ARGUMENT for any input these rules do not
 * allow. No call returns TG_OK without a result. */
TG_API tg_status tg_check_request(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                                  const char* method, size_t method_len, const char* path, size_t path_len,
                                  const tg_header* headers, size_t header_count, int headers_given,
                                  const char* body, size_t body_len, tg_result** out);

/* One request, for tg_check_request_ex and tg_check_response_ex: the same
 * fields, and the same rules, as tg_check_request's arguments. For a
 * response, only operation_id, method and path are read. */
typedef struct tg_request {
  const char* operation_id; /* NULL: route by method and path */
  size_t operation_id_len;
  const char* method;
  size_t method_len;
  const char* path; /* may carry a query */
  size_t path_len;
  const tg_header* headers;
  size_t header_count;
  int headers_given; /* 0 or 1 */
  const char* body;
  size_t body_len;
} tg_request;

/* Options for a check. Set size to sizeof(tg_options) (later versions may
 * add fields at the end); a zeroed struct with size set means the defaults.
 * NULL options mean the defaults too. */
typedef struct tg_options {
  size_t size;
  unsigned flags;        /* TG_OPTION_* below, or-ed */
  size_t max_body_bytes; /* 0: the defaults, 1 MiB for requests and 32 MiB for responses; else both */
  size_t max_findings;   /* 0: the default, 100 */
} tg_options;

/* A request member the schema does not declare is an error even where the
 * upstream ignores such members (SoftwareOne: a warning by default). */
#define TG_OPTION_STRICT 1u
/* Stop at the first error. */
#define TG_OPTION_FAIL_FAST 2u
/* Check the body against its schema alone: tokenguard's semantic checks
 * (CIDR lists, token windows, resource keys, id shapes) do not run, and a
 * note says so. */
#define TG_OPTION_NO_SEMANTIC_CHECKS 4u

/* tg_check_request with a tg_request and options. TG_ERR_ARGUMENT also for
 * options whose size is 0 or whose flags hold an unknown bit. */
TG_API tg_status tg_check_request_ex(const tg_catalog* catalog, const tg_request* request, const tg_options* options,
                                     tg_result** out);

/* tg_check_response with a tg_request (for the operation) and options. */
TG_API tg_status tg_check_response_ex(const tg_catalog* catalog, const tg_request* request, int status,
                                      const char* body, size_t body_len, const tg_options* options, tg_result** out);

/* Reusable result handles. tg_result_new returns an empty handle (not
 * valid, no finding; NULL when out of memory), which tg_check_request_into
 * and tg_check_response_into fill in place, as tg_check_request_ex and
 * tg_check_response_ex would fill a new one. Each call replaces what the
 * handle held (strings read out of it before are then invalid) and keeps
 * its storage, findings' strings included, so once a handle has been used,
 * a valid check allocates nothing, even one that reports warnings (as long
 * as they are no more, and no longer, than ones before on this thread).
 * For a status other than TG_OK and TG_INVALID the handle is left
 * empty. One handle serves one call at a time; free it with
 * tg_result_free. */
TG_API tg_result* tg_result_new(void);
TG_API tg_status tg_check_request_into(const tg_catalog* catalog, const tg_request* request,
                                       const tg_options* options, tg_result* result);
TG_API tg_status tg_check_response_into(const tg_catalog* catalog, const tg_request* request, int status,
                                        const char* body, size_t body_len, const tg_options* options,
                                        tg_result* result);

/* Checks a response to a request for method + path (or operation_id), with
 * the same rules for those as tg_check_request; status from 100 to 599. */
TG_API tg_status tg_check_response(const tg_catalog* catalog, const char* operation_id, size_t operation_id_len,
                                   const char* method, size_t method_len, const char* path, size_t path_len,
                                   int status, const char* body, size_t body_len, tg_result** out);

TG_API int tg_result_valid(const tg_result* result);
/* The operation checked against ("" when none matched). */
TG_API const char* tg_result_operation(const tg_result* result);
TG_API size_t tg_result_finding_count(const tg_result* result);
TG_API tg_status tg_result_finding(const tg_result* result, size_t i, tg_finding* out);
/* The findings as a Cloudflare-style error envelope (JSON), NUL-terminated,
 * into buffer. *needed gets the length without the NUL; when buffer_size is
 * too small, nothing is written but *needed, and TG_ERR_BUFFER_TOO_SMALL. */
TG_API tg_status tg_result_envelope(const tg_result* result, char* buffer, size_t buffer_size, size_t* needed);
TG_API void tg_result_free(tg_result* result);

/* Writes json with every secret field's value replaced by "[redacted]" (see
 * tokenguard/redact.h for which fields), NUL-terminated, into buffer, for
 * logging a payload. *needed gets the length without the NUL; when
 * buffer_size is too small, nothing is written but *needed, and
 * TG_ERR_BUFFER_TOO_SMALL. Input that is not acceptable JSON gives
 * TG_INVALID and *needed 0: such a body cannot be redacted, so do not log it. */
TG_API tg_status tg_redact_json(const char* json, size_t json_len, char* buffer, size_t buffer_size, size_t* needed);

/* How much of a payload tg_redact_json_mode keeps (tokenguard/redact.h):
 * TG_REDACT_SECRET_FIELDS replaces the values of secret fields (a deny-list,
 * as tg_redact_json); TG_REDACT_STRINGS keeps strings only under keys known
 * to be harmless (ids, names, statuses, dates; an allow-list) and replaces
 * long or unprintable keys; TG_REDACT_ALL replaces every value. */
typedef enum tg_redact_mode {
  TG_REDACT_SECRET_FIELDS = 0,
  TG_REDACT_STRINGS = 1,
  TG_REDACT_ALL = 2
} tg_redact_mode;

/* tg_redact_json with a mode (a tg_redact_mode, passed as an int);
 * TG_ERR_ARGUMENT for a mode not listed. */
TG_API tg_status tg_redact_json_mode(const char* json, size_t json_len, int mode, char* buffer, size_t buffer_size,
                                     size_t* needed);

/* 1 when the operation's responses may carry a secret (a new token or client
 * secret: log none of their values), 0 when not, -1 for no such operation or
 * a bad argument. */
TG_API int tg_catalog_operation_returns_secrets(const tg_catalog* catalog, const char* operation_id,
                                                size_t operation_id_len);

#ifdef __cplusplus
}
#endif

#endif /* TOKENGUARD_TOKENGUARD_H_ */
