/* The C API, compiled as C99: every call, every error path. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "tokenguard/tokenguard.h"
#include "tokenguard/version.h"

static int passed = 0;
static int failed = 0;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (cond) {                                                      \
      ++passed;                                                      \
    } else {                                                         \
      ++failed;                                                      \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                \
  } while (0)

#define S(literal) literal, (sizeof(literal) - 1)

static const char kUpdatePath[] =
    "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

static void test_version_and_statuses(void) {
  CHECK(strcmp(tg_version(), TOKENGUARD_VERSION_STRING) == 0);
  CHECK(TOKENGUARD_VERSION_MAJOR == 0 && TOKENGUARD_VERSION_MINOR == 1);
  CHECK(strcmp(tg_status_string(TG_OK), "ok") == 0);
  CHECK(strcmp(tg_status_string(TG_ERR_BUFFER_TOO_SMALL), "buffer too small") == 0);
  CHECK(strcmp(tg_status_string(99), "unknown status") == 0);
  CHECK(strcmp(tg_status_string(-1), "unknown status") == 0);
  CHECK(TG_OK == 0 && TG_INVALID == 1 && TG_ERR_ARGUMENT == 2 && TG_ERR_INTERNAL == 7);
}

static void test_catalog(tg_catalog* c) {
  size_t i, n = tg_catalog_operation_count(c);
  int found = 0;
  CHECK(n == 35);
  for (i = 0; i < n; ++i) found += strcmp(tg_catalog_operation_id(c, i), "cloudflare.user.tokens.roll") == 0;
  CHECK(found == 1);
  CHECK(tg_catalog_operation_id(c, n) == NULL);
  CHECK(tg_catalog_operation_count(NULL) == 0);
  CHECK(tg_catalog_operation_id(NULL, 0) == NULL);
  CHECK(tg_catalog_embedded(NULL) == TG_ERR_ARGUMENT);
}

static void test_valid_request(tg_catalog* c) {
  tg_result* r = NULL;
  tg_header h[2];
  h[0].name = "Authorization";
  h[0].name_len = 13;
  h[0].value = "Bearer abc";
  h[0].value_len = 10;
  h[1].name = "Content-Type";
  h[1].name_len = 12;
  h[1].value = "application/json";
  h[1].value_len = 16;
  CHECK(tg_check_request(c, NULL, 0, S("PUT"), kUpdatePath, sizeof kUpdatePath - 1, h, 2, 1,
                         S("{\"name\":\"ci\",\"duration\":\"2h45m\"}"), &r) == TG_OK);
  CHECK(r != NULL && tg_result_valid(r) == 1);
  CHECK(strcmp(tg_result_operation(r), "cloudflare.access.service_tokens.update") == 0);
  CHECK(tg_result_finding_count(r) == 0);
  tg_result_free(r);
}

static void test_invalid_request_and_envelope(tg_catalog* c) {
  tg_result* r = NULL;
  tg_finding f;
  char small[8];
  char big[4096];
  size_t needed = 0;
  CHECK(tg_check_request(c, S("cloudflare.access.service_tokens.update"), NULL, 0, NULL, 0, NULL, 0, 0,
                         S("{\"duration\":\"1d\"}"), &r) == TG_INVALID);
  CHECK(tg_result_valid(r) == 0);
  CHECK(tg_result_finding_count(r) == 1);
  CHECK(tg_result_finding(r, 0, &f) == TG_OK);
  CHECK(f.severity == TG_SEVERITY_ERROR);
  CHECK(strcmp(f.pointer, "/duration") == 0);
  CHECK(strcmp(f.code, "TG_FORMAT") == 0);
  CHECK(strcmp(f.location, "body") == 0);
  CHECK(strstr(f.message, "unknown unit") != NULL);
  CHECK(tg_result_finding(r, 1, &f) == TG_ERR_ARGUMENT);
  CHECK(tg_result_finding(r, 0, NULL) == TG_ERR_ARGUMENT);
  CHECK(tg_result_envelope(r, small, sizeof small, &needed) == TG_ERR_BUFFER_TOO_SMALL);
  CHECK(needed > sizeof small);
  CHECK(tg_result_envelope(r, big, sizeof big, &needed) == TG_OK);
  CHECK(strlen(big) == needed);
  CHECK(strstr(big, "\"success\":false") != NULL);
  CHECK(strstr(big, "\"pointer\":\"/duration\"") != NULL);
  CHECK(tg_result_envelope(r, NULL, 0, &needed) == TG_ERR_BUFFER_TOO_SMALL);
  CHECK(tg_result_envelope(r, big, sizeof big, NULL) == TG_ERR_ARGUMENT);
  tg_result_free(r);
}

/* The account-owned tokens, routed and checked both ways. */
static void test_account_owned_tokens(tg_catalog* c) {
  static const char path[] = "/accounts/023e105f4ecef8ad9ca31a8372d0c353/tokens/ed17574386854bf78a67040be0a770b0/value";
  static const char bad[] = "{\"name\":\"t\",\"policies\":[{\"effect\":\"allow\",\"permission_groups\":[],"
                            "\"resources\":{\"com.cloudflare.api.account.nope\":\"*\"}}]}";
  tg_header h = {"Authorization", 13, "Bearer abc", 10};
  tg_result* r = NULL;
  CHECK(tg_check_request(c, NULL, 0, S("PUT"), path, sizeof path - 1, &h, 1, 1, NULL, 0, &r) == TG_OK);
  CHECK(r != NULL && strcmp(tg_result_operation(r), "cloudflare.account.tokens.roll") == 0);
  tg_result_free(r);
  r = NULL;
  CHECK(tg_check_request(c, S("cloudflare.account.tokens.create"), NULL, 0, NULL, 0, NULL, 0, 0, bad, sizeof bad - 1,
                         &r) == TG_INVALID);
  tg_result_free(r);
  r = NULL;
  CHECK(tg_check_response(c, NULL, 0, S("PUT"), path, sizeof path - 1, 200,
                          S("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":\"cfat_8M7wS6hCpXVc-DoRnPPY_UCWPgy8aea4Wy6kCe5T\"}"), &r) == TG_OK);
  tg_result_free(r);
}

static void test_response(tg_catalog* c) {
  tg_result* r = NULL;
  CHECK(tg_check_response(c, NULL, 0, S("GET"), S("/user/tokens/verify"), 200,
                          S("{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"id\":"
                            "\"ed17574386854bf78a67040be0a770b0\",\"status\":\"weird\"}}"),
                          &r) == TG_INVALID);
  tg_result_free(r);
  r = NULL;
  CHECK(tg_check_response(c, S("cloudflare.user.tokens.verify"), NULL, 0, NULL, 0, 302, S("{}"), &r) == TG_INVALID);
  tg_result_free(r);
  r = NULL;
  CHECK(tg_check_response(c, NULL, 0, S("GET"), S("/nowhere"), 200, S("{}"), &r) == TG_INVALID);
  CHECK(r != NULL && strcmp(tg_result_operation(r), "") == 0);
  tg_result_free(r);
}

static void test_error_paths(tg_catalog* c) {
  tg_result* r = (tg_result*)1;
  CHECK(tg_check_request(NULL, NULL, 0, S("GET"), S("/user/tokens"), NULL, 0, 0, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(r == NULL);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), NULL, 0, 0, NULL, 0, NULL) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, NULL, 3, S("/user/tokens"), NULL, 0, 0, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), NULL, 2, 1, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, S("no.such.operation"), NULL, 0, NULL, 0, NULL, 0, 0, NULL, 0, &r) ==
        TG_ERR_UNKNOWN_OPERATION);
  CHECK(r == NULL);
  CHECK(tg_check_response(c, NULL, 0, S("GET"), S("/user/tokens"), 99, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_response(c, S("no.such.operation"), NULL, 0, NULL, 0, 200, NULL, 0, &r) == TG_ERR_UNKNOWN_OPERATION);
  CHECK(tg_result_valid(NULL) == 0);
  CHECK(tg_result_finding_count(NULL) == 0);
  CHECK(strcmp(tg_result_operation(NULL), "") == 0);
  tg_result_free(NULL);
  tg_catalog_free(NULL);
}

/* Every input the header does not allow is TG_ERR_ARGUMENT, with no result;
 * no call returns TG_OK without one. */
static void test_misuse_fails_closed(tg_catalog* c) {
  tg_result* r = (tg_result*)1;
  tg_header empty_name = {"", 0, "x", 1};
  tg_header null_name = {NULL, 0, "x", 1};
  tg_header null_value = {"A", 1, NULL, 4};
  /* An operation id of length 0 is not "route by method and path". */
  CHECK(tg_check_request(c, "", 0, S("GET"), S("/user/tokens"), NULL, 0, 0, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(r == NULL);
  r = (tg_result*)1;
  CHECK(tg_check_request(c, "cloudflare.user.tokens.list", 0, NULL, 0, NULL, 0, NULL, 0, 0, NULL, 0, &r) ==
        TG_ERR_ARGUMENT);
  CHECK(r == NULL);
  CHECK(tg_check_response(c, "", 0, S("GET"), S("/user/tokens"), 200, NULL, 0, &r) == TG_ERR_ARGUMENT);
  /* Routing needs both a method and a path. */
  CHECK(tg_check_request(c, NULL, 0, NULL, 0, S("/user/tokens"), NULL, 0, 0, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), NULL, 0, NULL, 0, 0, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, "GET", 0, S("/user/tokens"), NULL, 0, 0, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_response(c, NULL, 0, S("GET"), NULL, 0, 200, NULL, 0, &r) == TG_ERR_ARGUMENT);
  /* headers_given is 0 or 1; header names are not empty. */
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), NULL, 0, 2, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), NULL, 0, -1, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), &empty_name, 1, 1, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), &null_name, 1, 1, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/user/tokens"), &null_value, 1, 1, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(r == NULL);
  /* A body length without a body. */
  CHECK(tg_check_request(c, S("cloudflare.user.tokens.create"), NULL, 0, NULL, 0, NULL, 0, 0, NULL, 5, &r) ==
        TG_ERR_ARGUMENT);
  CHECK(tg_check_response(c, S("cloudflare.user.tokens.get"), NULL, 0, NULL, 0, 200, NULL, 5, &r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_response(c, S("cloudflare.user.tokens.get"), NULL, 0, NULL, 0, 600, NULL, 0, &r) == TG_ERR_ARGUMENT);
  CHECK(r == NULL);
  /* An empty body to an operation that requires one is checked, not skipped. */
  CHECK(tg_check_request(c, S("cloudflare.user.tokens.create"), NULL, 0, NULL, 0, NULL, 0, 0, NULL, 0, &r) == TG_INVALID);
  CHECK(r != NULL && tg_result_finding_count(r) > 0);
  tg_result_free(r);
  CHECK(tg_catalog_operation_returns_secrets(c, S("cloudflare.user.tokens.roll")) == 1);
  CHECK(tg_catalog_operation_returns_secrets(c, S("cloudflare.access.service_tokens.list")) == 0);
  CHECK(tg_catalog_operation_returns_secrets(c, S("no.such.operation")) == -1);
  CHECK(tg_catalog_operation_returns_secrets(c, "", 0) == -1);
  CHECK(tg_catalog_operation_returns_secrets(NULL, S("cloudflare.user.tokens.roll")) == -1);
}

/* The request struct and options: SoftwareOne ignores undeclared members, so
 * they warn, unless TG_OPTION_STRICT. */
static void test_request_struct_and_options(tg_catalog* c) {
  static const char body[] = "{\"name\":\"n\",\"account\":{\"id\":\"ACC-1234-5678\"}}";
  tg_request req;
  tg_options options;
  tg_result* r = NULL;
  memset(&req, 0, sizeof req);
  memset(&options, 0, sizeof options);
  req.operation_id = "softwareone.accounts.api_tokens.update";
  req.operation_id_len = strlen(req.operation_id);
  req.body = body;
  req.body_len = sizeof body - 1;
  CHECK(tg_check_request_ex(c, &req, NULL, &r) == TG_OK);
  CHECK(r != NULL && tg_result_finding_count(r) == 1);
  tg_result_free(r);
  options.size = sizeof options;
  options.flags = TG_OPTION_STRICT;
  CHECK(tg_check_request_ex(c, &req, &options, &r) == TG_INVALID);
  tg_result_free(r);
  options.flags = 0;
  options.max_body_bytes = 8;
  CHECK(tg_check_request_ex(c, &req, &options, &r) == TG_INVALID); /* too large for 8 bytes */
  tg_result_free(r);
  options.max_body_bytes = 0;
  options.flags = 1u << 7; /* an unknown flag */
  CHECK(tg_check_request_ex(c, &req, &options, &r) == TG_ERR_ARGUMENT && r == NULL);
  options.flags = 0;
  options.size = 0;
  CHECK(tg_check_request_ex(c, &req, &options, &r) == TG_ERR_ARGUMENT && r == NULL);
  CHECK(tg_check_request_ex(c, NULL, NULL, &r) == TG_ERR_ARGUMENT && r == NULL);
  /* An older, shorter tg_options (size covering flags only) still works. */
  options.size = offsetof(tg_options, max_body_bytes);
  options.flags = TG_OPTION_STRICT;
  options.max_body_bytes = 8; /* past the caller's size: not read */
  CHECK(tg_check_request_ex(c, &req, &options, &r) == TG_INVALID);
  CHECK(r != NULL && tg_result_finding_count(r) == 1);
  tg_result_free(r);
  /* TG_OPTION_NO_SEMANTIC_CHECKS: the schema alone. A not_in entry that
   * covers an in entry is a semantic warning, gone with the flag. */
  {
    static const char cidr[] =
        "{\"name\":\"t\",\"policies\":[{\"effect\":\"allow\",\"permission_groups\":[{\"id\":"
        "\"c8fed203ed3043cba015a93ad1616f1f\"}],\"resources\":{\"com.cloudflare.api.account.zone.*\":\"*\"}}],"
        "\"condition\":{\"request_ip\":{\"in\":[\"10.0.0.0/8\"],\"not_in\":[\"10.0.0.0/8\"]}}}";
    tg_request token = req;
    token.operation_id = "cloudflare.user.tokens.create";
    token.operation_id_len = strlen(token.operation_id);
    token.body = cidr;
    token.body_len = sizeof cidr - 1;
    options.size = sizeof options;
    options.flags = 0;
    options.max_body_bytes = 0;
    CHECK(tg_check_request_ex(c, &token, &options, &r) == TG_OK);
    CHECK(r != NULL && tg_result_finding_count(r) == 1);
    tg_result_free(r);
    options.flags = TG_OPTION_NO_SEMANTIC_CHECKS;
    CHECK(tg_check_request_ex(c, &token, &options, &r) == TG_OK);
    CHECK(r != NULL && tg_result_finding_count(r) == 0);
    tg_result_free(r);
  }
  /* An undeclared error status passes on, with a warning. */
  options.size = sizeof options;
  options.flags = 0;
  options.max_body_bytes = 0;
  req.operation_id = "softwareone.accounts.api_tokens.list";
  req.operation_id_len = strlen(req.operation_id);
  CHECK(tg_check_response_ex(c, &req, 401, S("{\"title\":\"Unauthorized\",\"status\":401}"), &options, &r) == TG_OK);
  tg_result_free(r);
  CHECK(tg_check_response_ex(c, &req, 202, S("{}"), &options, &r) == TG_INVALID);
  tg_result_free(r);
}

static void test_bad_input_never_crashes(tg_catalog* c) {
  static const char deep[] = "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[";
  static const char bad_utf8[] = "{\"name\":\"\xff\"}";
  tg_result* r = NULL;
  CHECK(tg_check_request(c, S("cloudflare.user.tokens.create"), NULL, 0, NULL, 0, NULL, 0, 0, deep, sizeof deep - 1, &r) ==
        TG_INVALID);
  tg_result_free(r);
  r = NULL;
  CHECK(tg_check_request(c, S("cloudflare.user.tokens.create"), NULL, 0, NULL, 0, NULL, 0, 0, bad_utf8,
                         sizeof bad_utf8 - 1, &r) == TG_INVALID);
  tg_result_free(r);
  r = NULL;
  /* A body with an embedded NUL: lengths, not terminators, count. */
  CHECK(tg_check_request(c, S("cloudflare.user.tokens.create"), NULL, 0, NULL, 0, NULL, 0, 0, "{\"name\":\"a\0b\"}", 14,
                         &r) == TG_INVALID);
  tg_result_free(r);
}

static void test_user_document(void) {
  static const char doc[] =
      "{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"t\",\"version\":\"1\"},\"paths\":{\"/things\":{\"post\":{"
      "\"operationId\":\"createThing\",\"requestBody\":{\"content\":{\"application/json\":{\"schema\":"
      "{\"type\":\"object\",\"required\":[\"n\"]}}}},\"responses\":{\"201\":{\"description\":\"ok\"}}}}}}";
  tg_catalog* c = NULL;
  tg_result* r = NULL;
  char error[128];
  CHECK(tg_catalog_from_openapi(doc, sizeof doc - 1, &c, error, sizeof error) == TG_OK);
  CHECK(tg_catalog_operation_count(c) == 1);
  CHECK(tg_check_request(c, S("createThing"), NULL, 0, NULL, 0, NULL, 0, 0, S("{}"), &r) == TG_INVALID);
  tg_result_free(r);
  tg_catalog_free(c);
  c = NULL;
  CHECK(tg_catalog_from_openapi(S("{not json"), &c, error, sizeof error) == TG_ERR_LOAD);
  CHECK(c == NULL && strlen(error) > 0);
  CHECK(tg_catalog_from_openapi(S("{\"openapi\":\"3.0.3\"}"), &c, error, 4) == TG_ERR_LOAD);
  CHECK(strlen(error) == 3);
  CHECK(tg_catalog_from_openapi(NULL, 0, &c, NULL, 0) == TG_ERR_ARGUMENT);
}

/* A resolver serving one document by URI, counting its calls. */
static int resolver_calls = 0;
static int serve_schemas(void* data, const char* uri, size_t uri_len, const char** text, size_t* text_len) {
  static const char kUri[] = "https://schemas.example/thing.yaml";
  ++resolver_calls;
  if (uri_len != sizeof kUri - 1 || memcmp(uri, kUri, uri_len) != 0) return 0;
  *text = (const char*)data;
  *text_len = strlen(*text);
  return 1;
}

static void test_user_yaml_document_with_resolver(void) {
  static const char doc[] =
      "openapi: 3.1.0\n"
      "info: {title: t, version: '1'}\n"
      "paths:\n"
      "  /things:\n"
      "    post:\n"
      "      operationId: createThing\n"
      "      requestBody:\n"
      "        content:\n"
      "          application/json:\n"
      "            schema: {$ref: 'https://schemas.example/thing.yaml'}\n"
      "      responses:\n"
      "        '201': {description: created}\n"
      "        4xx: {description: refused}\n";
  static char thing[] = "type: object\nrequired: [n]\nproperties:\n  n: {type: integer, format: int32}\n";
  tg_openapi_options o;
  tg_catalog* c = NULL;
  tg_result* r = NULL;
  char error[256];
  memset(&o, 0, sizeof o);
  o.size = sizeof o;
  o.resolver = serve_schemas;
  o.resolver_data = thing;
  o.flags = TG_OPENAPI_EAGER;
  CHECK(tg_catalog_from_openapi_ex(S(doc), &o, &c, error, sizeof error) == TG_OK);
  CHECK(resolver_calls >= 1);
  CHECK(tg_catalog_operation_count(c) == 1);
  CHECK(tg_catalog_diagnostic_count(c) == 1); /* the lowercase 4xx */
  CHECK(tg_catalog_diagnostic_location(c, 0) != NULL && strstr(tg_catalog_diagnostic_location(c, 0), "4xx") != NULL);
  CHECK(tg_catalog_diagnostic_message(c, 1) == NULL);
  CHECK(tg_check_request(c, S("createThing"), NULL, 0, NULL, 0, NULL, 0, 0, S("{\"n\":99999999999}"), &r) == TG_INVALID);
  tg_result_free(r);
  r = NULL;
  CHECK(tg_check_request(c, S("createThing"), NULL, 0, NULL, 0, NULL, 0, 0, S("{\"n\":7}"), &r) == TG_OK);
  tg_result_free(r);
  tg_catalog_free(c);
  c = NULL;
  /* Without the resolver the $ref cannot resolve: a load error naming it. */
  CHECK(tg_catalog_from_openapi_ex(S(doc), NULL, &c, error, sizeof error) == TG_ERR_LOAD);
  CHECK(c == NULL && strstr(error, "https://schemas.example/thing.yaml") != NULL);
  /* Bad options. */
  o.size = 0;
  CHECK(tg_catalog_from_openapi_ex(S(doc), &o, &c, error, sizeof error) == TG_ERR_ARGUMENT);
  o.size = sizeof o;
  o.flags = 1u << 7;
  CHECK(tg_catalog_from_openapi_ex(S(doc), &o, &c, error, sizeof error) == TG_ERR_ARGUMENT);
  /* A YAML error says where. */
  CHECK(tg_catalog_from_openapi_ex(S("openapi: 3.1.0\npaths: [\n"), NULL, &c, error, sizeof error) == TG_ERR_LOAD);
  CHECK(strstr(error, "line ") != NULL);
  CHECK(tg_catalog_from_openapi_file(S("/nonexistent/openapi.yaml"), NULL, &c, error, sizeof error) == TG_ERR_LOAD);
  /* A document over several YAML files. */
  CHECK(tg_catalog_from_openapi_file(S(TOKENGUARD_SOURCE_DIR "/tests/data/openapi/vault/openapi.yaml"), NULL, &c, error,
                                     sizeof error) == TG_OK);
  CHECK(tg_catalog_operation_count(c) == 3);
  CHECK(tg_check_request(c, NULL, 0, S("GET"), S("/vaults/6f1c2a9e-3b1d-4c8e-9f00-1234567890ab/tokens?per_page=1000"), NULL,
                         0, 0, NULL, 0, &r) == TG_INVALID);
  tg_result_free(r);
  r = NULL;
  tg_catalog_free(c);
  c = NULL;
  CHECK(tg_catalog_from_openapi_file(NULL, 0, NULL, &c, error, sizeof error) == TG_ERR_ARGUMENT);
}

static void test_redact_json(void) {
  static const char kBody[] =
      "{\"success\":true,\"result\":{\"id\":\"abc\",\"client_secret\":\"s3cr3t-c\",\"name\":\"n\"}}";
  char out[256];
  size_t needed = 0;
  CHECK(tg_redact_json(S(kBody), out, sizeof out, &needed) == TG_OK);
  CHECK(needed == strlen(out));
  CHECK(strstr(out, "s3cr3t-c") == NULL);
  CHECK(strstr(out, "\"client_secret\":\"[redacted]\"") != NULL);
  CHECK(strstr(out, "\"name\":\"n\"") != NULL);
  CHECK(tg_redact_json(S(kBody), out, 4, &needed) == TG_ERR_BUFFER_TOO_SMALL);
  CHECK(needed > 4);
  CHECK(tg_redact_json(S("{\"token\": not json"), out, sizeof out, &needed) == TG_INVALID);
  CHECK(needed == 0);
  CHECK(tg_redact_json(S(kBody), out, sizeof out, NULL) == TG_ERR_ARGUMENT);
  CHECK(tg_redact_json(NULL, 3, out, sizeof out, &needed) == TG_ERR_ARGUMENT);
  CHECK(tg_redact_json(S(kBody), NULL, 8, &needed) == TG_ERR_ARGUMENT);
}

static void test_redact_json_modes(void) {
  static const char kBody[] =
      "{\"result\":{\"id\":\"abc\",\"token_value\":\"cfut_SECRET1\",\"client_secret \":\"SECRET2\","
      "\"roll\":[\"SECRET3\"],\"status\":\"active\",\"n\":5}}";
  char out[512];
  size_t needed = 0;
  CHECK(tg_redact_json_mode(S(kBody), TG_REDACT_STRINGS, out, sizeof out, &needed) == TG_OK);
  CHECK(strstr(out, "SECRET") == NULL);
  CHECK(strstr(out, "\"id\":\"abc\"") != NULL);
  CHECK(strstr(out, "\"status\":\"active\"") != NULL);
  CHECK(strstr(out, "\"n\":5") != NULL);
  CHECK(tg_redact_json_mode(S(kBody), TG_REDACT_ALL, out, sizeof out, &needed) == TG_OK);
  CHECK(strstr(out, "abc") == NULL && strstr(out, "active") == NULL && strstr(out, ":5") == NULL);
  CHECK(strstr(out, "\"token_value\"") != NULL);
  /* The deny-list does not know these names: why the gateway uses the allow-list. */
  CHECK(tg_redact_json_mode(S(kBody), TG_REDACT_SECRET_FIELDS, out, sizeof out, &needed) == TG_OK);
  CHECK(strstr(out, "cfut_SECRET1") != NULL);
  CHECK(tg_redact_json_mode(S(kBody), 7, out, sizeof out, &needed) == TG_ERR_ARGUMENT);
  CHECK(tg_redact_json_mode(S(kBody), -1, out, sizeof out, &needed) == TG_ERR_ARGUMENT);
}

static void test_operation_method_and_path(tg_catalog* c) {
  size_t i = 0;
  for (; i < tg_catalog_operation_count(c); ++i)
    if (strcmp(tg_catalog_operation_id(c, i), "cloudflare.user.tokens.update") == 0) break;
  CHECK(i < tg_catalog_operation_count(c));
  CHECK(strcmp(tg_catalog_operation_method(c, i), "PUT") == 0);
  CHECK(strcmp(tg_catalog_operation_path(c, i), "/user/tokens/{token_id}") == 0);
  CHECK(tg_catalog_operation_method(c, 100000) == NULL);
  CHECK(tg_catalog_operation_path(NULL, 0) == NULL);
}

static void test_value_grammars(void) {
  int64_t ns = 0;
  char error[64];
  CHECK(tg_parse_duration("2h45m", 5, &ns, error, sizeof error) == TG_OK && ns == 9900000000000LL);
  CHECK(tg_parse_duration("1d", 2, &ns, error, sizeof error) == TG_INVALID);
  CHECK(strcmp(error, "unknown unit \"d\" at offset 1") == 0);
  char tiny[8];
  CHECK(tg_parse_duration("1d", 2, &ns, tiny, sizeof tiny) == TG_INVALID && strlen(tiny) == 7);  /* cut to fit */
  CHECK(tg_parse_duration("1d", 2, &ns, NULL, 0) == TG_INVALID);
  CHECK(tg_parse_duration(NULL, 3, &ns, NULL, 0) == TG_ERR_ARGUMENT);
  CHECK(tg_parse_duration("1s", 2, NULL, NULL, 0) == TG_ERR_ARGUMENT);

  int64_t secs = 0;
  uint32_t nanos = 0;
  int32_t offset = 0;
  CHECK(tg_parse_date_time("2014-01-01T05:20:00.12345+01:00", 31, &secs, &nanos, &offset, error, sizeof error) == TG_OK);
  CHECK(secs == 1388550000LL && nanos == 123450000u && offset == 3600);
  CHECK(tg_parse_date_time("2014-02-30T00:00:00Z", 20, &secs, &nanos, &offset, error, sizeof error) == TG_INVALID);

  char canonical[49];
  int bits = 0;
  CHECK(tg_parse_cidr("123.123.123.100/24", 18, canonical, sizeof canonical, &bits, error, sizeof error) == TG_OK);
  CHECK(strcmp(canonical, "123.123.123.0/24") == 0 && bits == 24);
  CHECK(tg_parse_cidr("2400:cb00::1/32", 15, canonical, sizeof canonical, &bits, error, sizeof error) == TG_OK);
  CHECK(strcmp(canonical, "2400:cb00::/32") == 0 && bits == 32);
  CHECK(tg_parse_cidr("10.0.0.1/33", 11, canonical, sizeof canonical, &bits, error, sizeof error) == TG_INVALID);
  CHECK(tg_parse_cidr("10.0.0.0/8", 10, canonical, 4, &bits, error, sizeof error) == TG_ERR_BUFFER_TOO_SMALL);
}

/* One handle filled again and again: each check replaces what it held,
 * its envelope is the current one, and an error status leaves it empty. */
static void test_reused_result_handle(tg_catalog* c) {
  tg_result* r = tg_result_new();
  tg_request req;
  tg_finding f;
  char envelope[4096];
  size_t needed = 0;
  static const char good[] = "{\"name\": \"CI/CD token\", \"duration\": \"60m\"}";
  static const char bad[] = "{\"name\": \"CI/CD token\", \"duration\": \"60 minutes\"}";
  CHECK(r != NULL);
  if (r == NULL) return;
  CHECK(tg_result_valid(r) == 0 && tg_result_finding_count(r) == 0 && strcmp(tg_result_operation(r), "") == 0);

  memset(&req, 0, sizeof req);
  req.operation_id = "cloudflare.access.service_tokens.update";
  req.operation_id_len = strlen(req.operation_id);
  req.body = bad;
  req.body_len = sizeof bad - 1;
  CHECK(tg_check_request_into(c, &req, NULL, r) == TG_INVALID);
  CHECK(tg_result_valid(r) == 0 && tg_result_finding_count(r) == 1);
  CHECK(tg_result_finding(r, 0, &f) == TG_OK && strcmp(f.code, "TG_FORMAT") == 0 &&
        strcmp(f.pointer, "/duration") == 0);
  CHECK(tg_result_envelope(r, envelope, sizeof envelope, &needed) == TG_OK && strstr(envelope, "/duration") != NULL);

  req.body = good;
  req.body_len = sizeof good - 1;
  CHECK(tg_check_request_into(c, &req, NULL, r) == TG_OK);
  CHECK(tg_result_valid(r) == 1 && tg_result_finding_count(r) == 0);
  CHECK(strcmp(tg_result_operation(r), "cloudflare.access.service_tokens.update") == 0);
  /* the envelope is rendered again, from this check */
  CHECK(tg_result_envelope(r, envelope, sizeof envelope, &needed) == TG_OK && strstr(envelope, "/duration") == NULL);

  /* a response into the same handle */
  CHECK(tg_check_response_into(c, &req, 200, S("{\"success\": true}"), NULL, r) == TG_INVALID);
  CHECK(tg_result_valid(r) == 0 && tg_result_finding_count(r) >= 1);

  /* an error status leaves the handle empty, not holding the last result */
  CHECK(tg_check_request_into(c, &req, NULL, r) == TG_OK && tg_result_valid(r) == 1);
  req.operation_id = "no.such.operation";
  req.operation_id_len = strlen(req.operation_id);
  CHECK(tg_check_request_into(c, &req, NULL, r) == TG_ERR_UNKNOWN_OPERATION);
  CHECK(tg_result_valid(r) == 0 && tg_result_finding_count(r) == 0 && strcmp(tg_result_operation(r), "") == 0);
  CHECK(tg_check_request_into(c, NULL, NULL, r) == TG_ERR_ARGUMENT && tg_result_valid(r) == 0);
  CHECK(tg_check_request_into(NULL, &req, NULL, r) == TG_ERR_ARGUMENT);
  CHECK(tg_check_response_into(c, &req, 99, NULL, 0, NULL, r) == TG_ERR_ARGUMENT);

  /* routing by method and path, into the same handle */
  memset(&req, 0, sizeof req);
  req.method = "PUT";
  req.method_len = 3;
  req.path = kUpdatePath;
  req.path_len = sizeof kUpdatePath - 1;
  req.body = good;
  req.body_len = sizeof good - 1;
  CHECK(tg_check_request_into(c, &req, NULL, r) == TG_OK);
  CHECK(strcmp(tg_result_operation(r), "cloudflare.access.service_tokens.update") == 0);

  /* NULL handle */
  CHECK(tg_check_request_into(c, &req, NULL, NULL) == TG_ERR_ARGUMENT);
  CHECK(tg_check_response_into(c, &req, 200, NULL, 0, NULL, NULL) == TG_ERR_ARGUMENT);
  tg_result_free(r);
}

int main(void) {
  tg_catalog* c = NULL;
  test_version_and_statuses();
  CHECK(tg_catalog_embedded(&c) == TG_OK);
  if (c != NULL) {
    test_catalog(c);
    test_valid_request(c);
    test_invalid_request_and_envelope(c);
    test_response(c);
    test_account_owned_tokens(c);
    test_error_paths(c);
    test_misuse_fails_closed(c);
    test_request_struct_and_options(c);
    test_bad_input_never_crashes(c);
    test_operation_method_and_path(c);
    test_reused_result_handle(c);
  }
  tg_catalog_free(c);
  test_user_document();
  test_user_yaml_document_with_resolver();
  test_redact_json();
  test_redact_json_modes();
  test_value_grammars();
  printf("c_api_test: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
