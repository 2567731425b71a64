"""Hooks of scripts/fuzz-api.sh (loaded through SCHEMATHESIS_HOOKS).

Generated `Idempotency-Key` values repeat across different requests (hypothesis shrinks
them towards "0"), and the server rightly answers a key reused with another body with
422 `idempotency_key_reused`. A well-formed key is therefore made unique per request, so
that the runs test the operations rather than the fuzzer's key collisions; malformed keys
(empty, too long, non-ASCII) are left as generated, to test that they are refused.
"""

import re
import uuid

import schemathesis

_WELL_FORMED = re.compile(r"^[!-~](?:[ -~]*[!-~])?$")


@schemathesis.hook
def before_call(context, case, kwargs):
    # Every phase (coverage, fuzzing, stateful) sends through here.
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            key = headers[name]
            if isinstance(key, str) and len(key) <= 200 and _WELL_FORMED.match(key):
                headers[name] = f"fuzz-{uuid.uuid4()}"
