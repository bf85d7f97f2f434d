/* Checks one request through an installed tokenguard's C API, built with
 * cc $(pkg-config --cflags --libs tokenguard). Run by tests/install_test.sh. */
#include <stdio.h>
#include <string.h>

#include "tokenguard/tokenguard.h"

int main(void) {
  static const char body[] = "{\"duration\":\"1d\"}";
  tg_catalog* catalog = NULL;
  tg_result* result = NULL;
  tg_finding finding;
  tg_status s;
  if (tg_catalog_embedded(&catalog) != TG_OK) return 1;
  s = tg_check_request(catalog, "cloudflare.access.service_tokens.update", 39, NULL, 0, NULL, 0, NULL, 0, 0, body,
                       sizeof body - 1, &result);
  if (s != TG_INVALID || tg_result_finding(result, 0, &finding) != TG_OK) return 1;
  printf("version=%s status=%s code=%s pointer=%s\n", tg_version(), tg_status_string(s), finding.code, finding.pointer);
  s = strcmp(finding.code, "TG_FORMAT") == 0 ? TG_OK : TG_INVALID;
  tg_result_free(result);
  tg_catalog_free(catalog);
  return s == TG_OK ? 0 : 1;
}
