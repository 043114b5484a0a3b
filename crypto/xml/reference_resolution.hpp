// How xmlsec finds the element a same-document Reference URI "#name" names: through an XPointer
// xpointer(id('name')) (XML-DSig §4.3.3.3), or, where that selects exactly the same node set, by a
// direct ID lookup that skips building an XPath/XPointer context per reference (docs/performance.md
// §6 and §Aggregate, session 11).
#pragma once

#include <vector>

#include <libxml/tree.h>
#include <xmlsec/xmldsig.h>

namespace klarmeld::crypto::xml {

// Sets XMLSEC_DSIG_FLAGS_USE_VISA3D_HACK on `ctx` when every one of `references` — the ds:Reference
// elements this context will resolve — names a registered ID of letters, digits, '_', '-' and '.';
// otherwise leaves the context as it is, so the same signatures verify and fail alike.
void resolve_references_directly_when_equivalent(xmlSecDSigCtx& ctx, const std::vector<xmlNode*>& references);

} // namespace klarmeld::crypto::xml
