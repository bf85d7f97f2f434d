// Internal: schema evaluation over either value view (value_view.h). The
// public validate()/is_valid() read an nlohmann::json through JsonView;
// checks from bytes read simdjson's tape through TapeView.
#ifndef TOKENGUARD_SRC_SCHEMA_EVALUATOR_H_
#define TOKENGUARD_SRC_SCHEMA_EVALUATOR_H_

#include "schema/value_view.h"
#include "tokenguard/schema.h"

namespace tokenguard::detail {

template <class View>
[[nodiscard]] ValidationResult validate_view(const Schema& schema, View instance, const ValidateOptions& options);
// validate_view into `result`, whose findings are empty: a caller's result
// may lend their storage (max_findings counts from none).
template <class View>
void validate_view_into(const Schema& schema, View instance, const ValidateOptions& options, ValidationResult& result);
template <class View>
[[nodiscard]] bool is_valid_view(const Schema& schema, View instance, const ValidateOptions& options);

// Whether validate_view would find nothing at all (no error, no warning),
// found without building any finding or path: the common case's fast way.
// *work: the steps taken. False means: run validate_view for the findings.
template <class View>
[[nodiscard]] bool quick_clean(const Schema& schema, View instance, const ValidateOptions& options, std::size_t* work);

extern template ValidationResult validate_view<JsonView>(const Schema&, JsonView, const ValidateOptions&);
extern template ValidationResult validate_view<TapeView>(const Schema&, TapeView, const ValidateOptions&);
extern template void validate_view_into<JsonView>(const Schema&, JsonView, const ValidateOptions&, ValidationResult&);
extern template void validate_view_into<TapeView>(const Schema&, TapeView, const ValidateOptions&, ValidationResult&);
extern template bool is_valid_view<JsonView>(const Schema&, JsonView, const ValidateOptions&);
extern template bool is_valid_view<TapeView>(const Schema&, TapeView, const ValidateOptions&);
extern template bool quick_clean<JsonView>(const Schema&, JsonView, const ValidateOptions&, std::size_t*);
extern template bool quick_clean<TapeView>(const Schema&, TapeView, const ValidateOptions&, std::size_t*);

}  // namespace tokenguard::detail

#endif  // TOKENGUARD_SRC_SCHEMA_EVALUATOR_H_
