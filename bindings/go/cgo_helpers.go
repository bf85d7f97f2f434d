package tokenguard

/*
#include "tokenguard/tokenguard.h"
*/
import "C"

// versionLength is the C API's cheapest call, for measuring a cgo crossing.
func versionLength() int { return len(C.GoString(C.tg_version())) }
