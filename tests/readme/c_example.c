/* The README's C example, verbatim inside run() (tests/readme_test.py checks
 * that it matches), compiled as C99, with the names it leaves open defined
 * here and the outcome checked. */
#include <stdio.h>
#include <string.h>

#include "tokenguard/tokenguard.h"

static int replied_status = 0;
static char replied_body[4096];

static void reply(int status, const char* body, size_t len) {
  replied_status = status;
  if (len < sizeof replied_body) {
    memcpy(replied_body, body, len);
    replied_body[len] = '\0';
  }
}

static void run(const char* auth, size_t auth_len, const char* path, size_t path_len, const char* body,
                size_t body_len) {
  tg_catalog* catalog = NULL;
  tg_catalog_embedded(&catalog);

  tg_header headers[] = {{"Authorization", 13, auth, auth_len}, {"Content-Type", 12, "application/json", 16}};
  tg_result* result = NULL;
  tg_status s = tg_check_request(catalog, NULL, 0, "PUT", 3, path, path_len,
                                 headers, 2, /*headers_given=*/1, body, body_len, &result);
  if (s == TG_INVALID) {
    char envelope[4096];
    size_t needed = 0;
    if (tg_result_envelope(result, envelope, sizeof envelope, &needed) == TG_OK)
      reply(400, envelope, needed);          /* else: needed says how big a buffer to use */
  }
  tg_result_free(result);                    /* freeing NULL is fine */
  tg_catalog_free(catalog);
}

int main(void) {
  static const char auth[] = "Bearer readme-example-token";
  static const char path[] =
      "/accounts/023e105f4ecef8ad9ca31a8372d0c353/access/service_tokens/f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
  static const char bad[] = "{\"name\": \"ci\", \"duration\": \"1d\"}";
  static const char good[] = "{\"name\": \"ci\", \"duration\": \"24h\"}";
  int ok = 1;

  run(auth, strlen(auth), path, strlen(path), bad, strlen(bad));
  ok &= replied_status == 400;
  ok &= strstr(replied_body, "\"pointer\":\"/duration\"") != NULL;
  ok &= strstr(replied_body, "readme-example-token") == NULL;

  replied_status = 0;
  run(auth, strlen(auth), path, strlen(path), good, strlen(good));
  ok &= replied_status == 0;

  printf("README C example: %s\n", ok ? "ok" : "FAILED");
  return ok ? 0 : 1;
}
