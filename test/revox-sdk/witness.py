"""Vendor-SDK witness: Revox's official Python SDK (PyPI `revox`, pinned by venv.ts) drives the emulator.

Run with REVOX_BASE_URL (the emulator's http://127.0.0.1:PORT/api) and REVOX_API_KEY in the environment;
the SDK reads both itself. Performs every call the pulumi-voiceai provider makes (and a few error cases)
and prints ONE JSON document on stdout:

    {
      "sdk_version": "0.5.0",
      "steps": {NAME: {
          "call": "assistants.create", "method": "POST", "path": "/assistants", "expect": "2xx" | 400 | 401 | 404,
          "result": <model_dump(mode="json") of the parsed response: Python attribute names, e.g. api_model_name>,
          "classes": {dotted attribute: class name the SDK chose, e.g. "assistant.llm_model": "LlmModelUnionMember2"},
          "schema_errors": [{loc, msg, input}],  # the response re-validated against the SDK's own pydantic model
          "unknown_keys": [dotted path],          # keys the server sent that the SDK's model does not declare
          "absent_keys": [dotted path],           # always-present Assistant keys the server left out
          "error": {"class", "status_code", "body"}   # when the call raised
      }},
      "order": [NAME, ...]   # the steps in the order they hit the server, one HTTP request each
    }

Values are read from the SDK's pydantic models (never from raw HTTP), so what the test asserts is what a
user of the official SDK would see. The client has max_retries=0 so each call is exactly one request.
"""

from __future__ import annotations

import json
import sys
import typing
from typing import Any, Callable, Dict, List, Optional

import pydantic

import revox
from revox import Revox, omit
from revox.types.assistant_update_params import AssistantUpdateParams

# The keys of the Assistant model that Stainless lists after the alphabetical always-present block
# (contract §3.2): they may be absent. Every other declared key must be in the response.
OPTIONAL_ASSISTANT_KEYS = {"created_by", "faq_items", "is_inbound_receptionist", "is_realestate_assistant", "pending_faq_count"}

client = Revox(max_retries=0, timeout=20.0)

steps: Dict[str, Dict[str, Any]] = {}
order: List[str] = []


def _unknown_keys(value: Any, prefix: str, out: List[str]) -> None:
    if isinstance(value, pydantic.BaseModel):
        for key in (value.model_extra or {}):
            out.append(f"{prefix}{key}")
        for name in type(value).model_fields:
            _unknown_keys(getattr(value, name, None), f"{prefix}{name}.", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _unknown_keys(item, f"{prefix}{i}.", out)


def _absent_keys(value: Any, prefix: str, out: List[str]) -> None:
    """Always-present keys missing from every Assistant found in `value` (an envelope, a list, a number)."""
    if isinstance(value, pydantic.BaseModel):
        fields = type(value).model_fields
        if "organization_id" in fields and "llm_model" in fields:  # an Assistant model (any of its copies)
            for name in fields:
                if name not in OPTIONAL_ASSISTANT_KEYS and name not in value.model_fields_set:
                    out.append(f"{prefix}{name}")
        for name in fields:
            _absent_keys(getattr(value, name, None), f"{prefix}{name}.", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _absent_keys(item, f"{prefix}{i}.", out)


def _classes(value: Any, prefix: str, out: Dict[str, str]) -> None:
    """The class the SDK chose for every llm_model (the union), keyed by dotted attribute path."""
    if isinstance(value, pydantic.BaseModel):
        for name in type(value).model_fields:
            child = getattr(value, name, None)
            if name == "llm_model" and child is not None:
                out[f"{prefix}{name}"] = type(child).__name__
            _classes(child, f"{prefix}{name}.", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _classes(item, f"{prefix}{i}.", out)


def _schema_errors(model: pydantic.BaseModel) -> List[Dict[str, str]]:
    """Re-validates what the SDK parsed against its own model (what _strict_response_validation would do)."""
    data = model.to_dict(mode="json", use_api_names=True, exclude_unset=True, warnings=False)  # type: ignore[attr-defined]
    try:
        type(model).model_validate(data)
        return []
    except pydantic.ValidationError as error:
        return [
            {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"], "input": repr(e.get("input"))[:200]}
            for e in error.errors()
        ]


def step(name: str, call: str, method: str, path: str, fn: Callable[[], Any], expect: Any = "2xx") -> Any:
    record: Dict[str, Any] = {"call": call, "method": method, "path": path, "expect": expect}
    steps[name] = record
    order.append(name)
    try:
        result = fn()
    except revox.APIStatusError as error:
        record["error"] = {"class": type(error).__name__, "status_code": error.status_code, "body": error.body}
        return None
    except Exception as error:  # connection errors, validation errors: the test shows them
        record["error"] = {"class": type(error).__name__, "message": str(error)[:2000]}
        return None
    if isinstance(result, pydantic.BaseModel):
        record["result"] = result.model_dump(mode="json", warnings=False)
        record["schema_errors"] = _schema_errors(result)
        unknown: List[str] = []
        _unknown_keys(result, "", unknown)
        record["unknown_keys"] = unknown
        absent: List[str] = []
        _absent_keys(result, "", absent)
        record["absent_keys"] = absent
        classes: Dict[str, str] = {}
        _classes(result, "", classes)
        record["classes"] = classes
    else:
        record["result"] = result
    return result


def attr(obj: Any, *names: str) -> Any:
    for n in names:
        if obj is None:
            return None
        obj = getattr(obj, n)
    return obj


# ---------------------------------------------------------------------------------------------------
# The scenario. Values are distinctive so an echo is unmistakable.

VOICE = {"provider": "cartesia", "id": "a0e99841-438c-4a64-b679-ae501e7d6091", "model": "sonic-3", "speed": 1.2, "volume": 1.5}
CALL_RETRY = {
    "calling_windows": [
        {"calling_window_start_time": "09:00", "calling_window_end_time": "6pm", "retry_delay_seconds": 3600},
        {"calling_window_start_time": "19:30", "calling_window_end_time": "21:00", "retry_delay_seconds": 0},
    ],
    "allowed_days": ["monday", "wednesday", "saturday"],
    "call_twice_in_a_row": True,
    "max_retry_attempts": 4,
    "timezone": "Europe/Paris",
}
STRUCTURED = [
    {"name": "email", "type": "string", "required": True, "description": "The caller's email"},
    {"name": "interest", "type": "enum", "required": False, "enum_options": ["low", "high"]},
]
CUSTOM_TOOLS = [
    {
        "name": "check_inventory",
        "description": "Looks up stock for a SKU",
        "url": "https://api.example.com/inventory/{{sku}}",
        "method": "POST",
        "headers": [{"key": "Authorization", "value": "Bearer tool-secret-123"}, {"key": "X-Tenant", "value": "{{tenant}}"}],
        "query_params": [{"key": "api_key", "value": "qp-secret"}],
        "body_template": '{"sku": "{{sku}}"}',
        "input_schema": [{"name": "sku", "type": "string", "required": True, "description": "Stock keeping unit"}],
    }
]
PROMPT_FLOW = {
    "nodes": [
        {"id": "n1", "type": "promptBlock", "data": {"title": "Greet", "body": "Say hi"}, "position": {"x": 0, "y": 0}},
        {"id": "n2", "type": "promptBlock", "data": {"title": "Qualify", "body": "Ask budget"}, "position": {"x": 200, "y": 50}},
    ],
    "edges": [{"id": "e1", "source": "n1", "target": "n2"}],
}

# A random suffix is unnecessary: every run gets a fresh emulator.
a = step(
    "createA",
    "assistants.create",
    "POST",
    "/assistants",
    lambda: client.assistants.create(
        name="Witness A",
        prompt="You are the receptionist of {{company}}.",
        first_sentence="Hello, this is the witness speaking.",
        first_sentence_mode="static",
        first_sentence_delay_ms=250,
        end_of_call_sentence="Goodbye from the witness.",
        voice=VOICE,
        llm_model={"type": "dedicated-instance", "name": "ministral-3-8b-instruct"},
        webhook_url="https://hooks.example.com/revox?token=wh-secret",
        max_call_duration_secs=900.5,
        max_duration_end_message="We are out of time.",
        structured_output_config=STRUCTURED,
        structured_output_prompt="Extract from {{transcript}}",
        call_retry_config=CALL_RETRY,
        background_sound="audio/office.ogg",
        background_sound_volume=0.3,
        thinking_sound="keyboard-typing.ogg",
        thinking_sound_probability=0.7,
        thinking_sound_volume=0.2,
        voicemail_message="Please call us back.",
        voicemail_sms_prompt="Tell {{first_name}} we called.",
        ivr_navigation_enabled=True,
        faq_items=[
            {"question": "What are your hours?", "answer": "9 to 5."},
            {"question": "Where are you?", "answer": "Paris."},
        ],
        calendly={"connection_id": "cal-conn-1", "event_type_id": "https://api.calendly.com/event_types/abc"},
        transfer_destinations=[
            {"label": "Sales", "phone_number": "+15555550123"},
            {"label": "Support", "phone_number": "+15555550124"},
        ],
        human_transfer_mode="warm",
        warm_transfer_summary_instructions="Summarise the caller's need.",
        from_phone_number="+15555550200",
        after_call_sms_prompt="Thank {{first_name}}.",
        after_call_sms_outcomes=["interested", "none"],
        sms_enabled=True,
        sms_template="Your code is {{code}}",
        email_notification_address="alice@example.com,bob@example.com",
        email_notification_outcomes=["completed"],
        custom_tools=CUSTOM_TOOLS,
        precall_lookup_url="https://crm.example.com/lookup?phone={{phone}}",
        stt_model="stt-rt-v4",
        stt_context={"general": [{"key": "company", "value": "Acme"}], "terms": ["Acme", "Witness"]},
        cartesia_dictionary_pronunciation_id="pron-dict-1",
        type="standalone",
        position={"x": 10, "y": 20.5},
        prompt_flow=PROMPT_FLOW,
        slack={
            "connection_id": "slack-conn-1",
            "channels": [{"id": "C01234567", "name": "alerts"}],
            "outcomes": ["interested"],
            "template": "{{summary}}",
        },
        zoho={
            "connection_id": "zoho-conn-1",
            "module": "Leads",
            "field_mapping": [{"source": "email", "zoho_field": "Email"}],
            "log_call_activity": True,
            "outcomes": ["completed"],
            "template": None,
        },
        logo_url="https://example.com/logo.png",
    ),
)
a_id = attr(a, "assistant", "id")

b = step(
    "createB",
    "assistants.create",
    "POST",
    "/assistants",
    lambda: client.assistants.create(
        name="Witness B",
        prompt="Short prompt.",
        llm_model={"type": "realtime", "provider": "openai", "realtime_model_id": "gpt-realtime", "realtime_voice_id": "marin"},
    ),
)
b_id = attr(b, "assistant", "id")

# The smallest values the SDK's own generated tests send (sdist tests/api_resources/test_assistants.py,
# test_method_create_with_all_params): Stainless derives them from the spec's minimums, so the server
# must accept them. Free-text placeholders there that break documented formats (times, E.164) are
# replaced by valid values.
z = step(
    "createBoundaries",
    "assistants.create",
    "POST",
    "/assistants",
    lambda: client.assistants.create(
        name="name",
        prompt="prompt",
        after_call_sms_outcomes=["not_interested"],
        background_sound_volume=0,
        thinking_sound="city-ambience.ogg",
        thinking_sound_probability=0,
        thinking_sound_volume=0,
        first_sentence_delay_ms=0,
        first_sentence_mode="generated",
        max_call_duration_secs=0,
        cartesia_dictionary_pronunciation_id="x",
        call_retry_config={
            "allowed_days": ["monday"],
            "call_twice_in_a_row": True,
            "calling_windows": [{"calling_window_start_time": "10:00", "calling_window_end_time": "18:00", "retry_delay_seconds": 0}],
            "max_retry_attempts": 1,
            "timezone": "America/New_York",
        },
        custom_tools=[
            {
                "body_template": "body_template",
                "description": "x",
                "headers": [{"key": "x", "value": "value"}],
                "input_schema": [{"name": "x", "required": True, "type": "string", "description": "description", "enum_options": ["string"]}],
                "method": "GET",
                "name": "name",
                "query_params": [{"key": "x", "value": "value"}],
                "url": "x",
            }
        ],
        structured_output_config=[{"name": "x", "required": True, "type": "string", "description": "description", "enum_options": ["string"]}],
        stt_context={"general": [{"key": "x", "value": "x"}], "terms": ["x"]},
        llm_model={"name": "gpt-4.1", "type": "dedicated-instance"},
        logo_url="https://example.com",
        position={"x": 0, "y": 0},
        voice={"id": "x", "provider": "cartesia", "model": "sonic-3", "speed": 0.6, "volume": 0.5},
        webhook_url="webhook_url",
        zoho={
            "connection_id": "connection_id",
            "field_mapping": [{"source": "x", "zoho_field": "x"}],
            "log_call_activity": True,
            "module": "x",
            "outcomes": ["not_interested"],
            "template": "template",
        },
    ),
)
z_id = attr(z, "assistant", "id")

# A step of a multi-step flow: hidden from the list (PY05 assistant_create_params.py, `type` docstring).
sub = step(
    "createSub",
    "assistants.create",
    "POST",
    "/assistants",
    lambda: client.assistants.create(name="Witness step", prompt="A step.", type="sub-assistant"),
)
sub_id = attr(sub, "assistant", "id")

step("list", "assistants.list", "GET", "/assistants", lambda: client.assistants.list())
step("retrieveA", "assistants.retrieve", "GET", f"/assistants/{a_id}", lambda: client.assistants.retrieve(a_id))

step("retrieveSub", "assistants.retrieve", "GET", f"/assistants/{sub_id}", lambda: client.assistants.retrieve(sub_id))

# Every field the SDK's update params type Optional[...] (a null is valid there), set to None: each clears.
NULLABLE = sorted(
    k for k, t in typing.get_type_hints(AssistantUpdateParams).items() if type(None) in typing.get_args(t)
)
step(
    "updateAllNulls",
    "assistants.update",
    "PATCH",
    f"/assistants/{z_id}",
    lambda: client.assistants.update(z_id, **{k: None for k in NULLABLE}),
)

step(
    "updateOpenrouter",
    "assistants.update",
    "PATCH",
    f"/assistants/{a_id}",
    lambda: client.assistants.update(
        a_id,
        llm_model={"type": "openrouter", "openrouter_model_id": "openai/gpt-4.1", "openrouter_provider": "azure"},
        max_duration_end_message=None,
        faq_items=[{"question": "Do you deliver?", "answer": "Yes, citywide."}],
    ),
)
step(
    "updateCustom",
    "assistants.update",
    "PATCH",
    f"/assistants/{a_id}",
    lambda: client.assistants.update(
        a_id,
        llm_model={
            "type": "custom",
            "api_url": "https://api.together.xyz/v1",
            "model_name": "meta-llama/llama-3-70b",
            "api_key": "sk-custom-llm-secret",
        },
        calendly=None,
        voice={"provider": "elevenlabs", "id": "eleven-voice-1", "speed": 0.8},
    ),
)
step("updateEmpty", "assistants.update", "PATCH", f"/assistants/{a_id}", lambda: client.assistants.update(a_id))
step("retrieveA2", "assistants.retrieve", "GET", f"/assistants/{a_id}", lambda: client.assistants.retrieve(a_id))

c = step("clone", "assistants.clone", "POST", f"/assistants/{a_id}/clone", lambda: client.assistants.clone(a_id))
c_id = attr(c, "assistant", "id")

numbers = step("numbers", "phone_numbers.list", "GET", "/phone-numbers", lambda: client.phone_numbers.list())
by_e164 = {n.phone_number: n.id for n in (numbers.phone_numbers if numbers else [])}
n0 = by_e164.get("+15555550200")
n1 = by_e164.get("+15555550201")

step(
    "route",
    "phone_numbers.update",
    "PATCH",
    f"/phone-numbers/{n0}",
    lambda: client.phone_numbers.update(n0, inbound_assistant_id=a_id, label="Front desk"),
)
step("numbersRouted", "phone_numbers.list", "GET", "/phone-numbers", lambda: client.phone_numbers.list())
step("retrieveRouted", "assistants.retrieve", "GET", f"/assistants/{a_id}", lambda: client.assistants.retrieve(a_id))
step(
    "unroute",
    "phone_numbers.update",
    "PATCH",
    f"/phone-numbers/{n0}",
    lambda: client.phone_numbers.update(n0, inbound_assistant_id=None),
)
step(
    "clearLabel",
    "phone_numbers.update",
    "PATCH",
    f"/phone-numbers/{n0}",
    lambda: client.phone_numbers.update(n0, label=None),
)

# A number routed to an assistant that is then deleted.
step(
    "routeClone",
    "phone_numbers.update",
    "PATCH",
    f"/phone-numbers/{n1}",
    lambda: client.phone_numbers.update(n1, inbound_assistant_id=c_id),
)
step("deleteClone", "assistants.delete", "DELETE", f"/assistants/{c_id}", lambda: client.assistants.delete(c_id))
step("numbersAfterDelete", "phone_numbers.list", "GET", "/phone-numbers", lambda: client.phone_numbers.list())
step("retrieveDeleted", "assistants.retrieve", "GET", f"/assistants/{c_id}", lambda: client.assistants.retrieve(c_id), expect=404)

# Error cases.
UNKNOWN = "00000000-0000-4000-8000-000000000000"
step("retrieveUnknown", "assistants.retrieve", "GET", f"/assistants/{UNKNOWN}", lambda: client.assistants.retrieve(UNKNOWN), expect=404)
# `prompt` is a required keyword argument; the SDK strips `omit` values before sending, so this sends no prompt.
step(
    "createNoPrompt",
    "assistants.create",
    "POST",
    "/assistants",
    lambda: client.assistants.create(name="No prompt", prompt=omit),  # type: ignore[arg-type]
    expect=400,
)
step(
    "createStaleField",
    "assistants.create",
    "POST",
    "/assistants",
    lambda: client.assistants.create(name="Stale", prompt="p", extra_body={"transfer_phone_number": "+15555550123"}),
    expect=400,
)
step(
    "updateNullName",
    "assistants.update",
    "PATCH",
    f"/assistants/{a_id}",
    lambda: client.assistants.update(a_id, extra_body={"name": None}),
    expect=400,
)
step(
    "routeUnknown",
    "phone_numbers.update",
    "PATCH",
    f"/phone-numbers/{n0}",
    lambda: client.phone_numbers.update(n0, inbound_assistant_id=UNKNOWN),
    expect=400,
)
bad_client = Revox(api_key="sk_not_a_known_key", max_retries=0, timeout=20.0)
step("badKey", "assistants.list", "GET", "/assistants", lambda: bad_client.assistants.list(), expect=401)

step("deleteA", "assistants.delete", "DELETE", f"/assistants/{a_id}", lambda: client.assistants.delete(a_id))
step("deleteB", "assistants.delete", "DELETE", f"/assistants/{b_id}", lambda: client.assistants.delete(b_id))
step("deleteBoundaries", "assistants.delete", "DELETE", f"/assistants/{z_id}", lambda: client.assistants.delete(z_id))
step("deleteSub", "assistants.delete", "DELETE", f"/assistants/{sub_id}", lambda: client.assistants.delete(sub_id))
step("authStatus", "auth_status.retrieve", "GET", "/auth-status", lambda: client.auth_status.retrieve())
step("me", "users.retrieve", "GET", "/users/me", lambda: client.users.retrieve())
step("listAfterDelete", "assistants.list", "GET", "/assistants", lambda: client.assistants.list())

json.dump({"sdk_version": revox.__version__, "nullable": NULLABLE, "steps": steps, "order": order}, sys.stdout, indent=1, default=str)
sys.stdout.write("\n")
