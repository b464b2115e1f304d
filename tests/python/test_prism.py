# The Python SDK against Stoplight Prism serving the repaired Looker spec: software nobody here
# wrote judges every request the SDK sends (the Python twin of tests/sdk/tests/prism.rs).
#
# Each test builds a real client (`init40` with settings from code, so it logs in through Prism
# too) whose transport's session records every exchange. A call passes only when every exchange
# it caused (the login included) got a 2xx answer and an `sl-violations` header without an entry
# of severity Error, and the SDK decoded the response.
from __future__ import annotations

import json

import pytest
import requests
from looker_sdk import error

from conftest import Prism, sdk_package
from recorder import Exchange, parse_violations

# The package under test (conftest.SDK_MODULE), used as code written for `looker_sdk` uses it.
models = sdk_package().models40

FORM = "application/x-www-form-urlencoded"


def call(exchanges: list[Exchange]) -> Exchange:
    """The one exchange that is not a login."""
    calls = [e for e in exchanges if e.path() != "/api/4.0/login"]
    assert len(calls) == 1, f"expected one call besides logins, got {exchanges}"
    return calls[0]


def assert_logins_use_the_form_body(exchanges: list[Exchange]) -> None:
    """Every login sent the credentials in a form body, never in the URL."""
    logins = [e for e in exchanges if e.path() == "/api/4.0/login"]
    assert logins, f"no login in {exchanges}"
    for login in logins:
        assert login.method == "POST"
        assert login.target == "/api/4.0/login", login.target
        assert login.request_header("content-type") == FORM
        assert login.request_body == b"client_id=id&client_secret=secret"


# Guards: the checks the other tests rely on are live.


def test_prism_rejects_a_call_without_a_token(prism: Prism) -> None:
    # The security scheme `cargo xtask test` adds is live: otherwise every test here would pass
    # whatever the SDK does with its token.
    response = requests.get(f"{prism.url}/api/4.0/user", timeout=30)
    assert response.status_code == 401


def test_prism_flags_a_query_parameter_of_the_wrong_type(prism: Prism) -> None:
    # `--errors` is on and the spec's parameters are validated, and the recorder sees requests
    # sent on the SDK's own session and reads Prism's verdict from them.
    session = prism.sdk.transport.session
    response = session.get(
        f"{prism.url}/api/4.0/users?limit=many",
        headers={"Authorization": "Bearer token"},
        timeout=30,
    )
    assert 400 <= response.status_code < 500
    [exchange] = prism.recorder.take()
    assert not exchange.passed()
    assert any(v.location == "request.query.limit" for v in exchange.errors()), exchange


def test_an_unreadable_violations_header_counts_as_an_error() -> None:
    [violation] = parse_violations("not json")
    assert violation.severity == "Error"
    [_, warning] = parse_violations(
        '[{"location":["request","query","page"],"severity":"Error","code":"type",'
        '"message":"must be integer"},{"location":["request"],"severity":"Warning",'
        '"code":"deprecated","message":"deprecated"}]'
    )
    assert (warning.severity, warning.location) == ("Warning", "request")


def test_nothing_leaves_the_machine() -> None:
    # The runtime looks error documentation up on the internet; the tests must never.
    with pytest.raises(OSError, match="only loopback"):
        requests.get("http://192.0.2.1/", timeout=5)


# Calls.


def test_login_sends_the_credentials_as_a_form(prism: Prism) -> None:
    token = prism.sdk.login(client_id="id", client_secret="secret")
    assert isinstance(token, models.AccessToken)
    assert token.access_token
    exchanges = prism.passed()
    assert_logins_use_the_form_body(exchanges)
    # The runtime's own login (`auth_session`) sends no token; it comes first.
    assert exchanges[0].request_header("authorization") is None


def test_me_logs_in_first_and_sends_the_token(prism: Prism) -> None:
    me = prism.sdk.me()
    assert isinstance(me, models.User)
    assert me.id
    exchanges = prism.passed()
    assert exchanges[0].path() == "/api/4.0/login"
    assert_logins_use_the_form_body(exchanges)
    user = call(exchanges)
    assert (user.method, user.target) == ("GET", "/api/4.0/user")
    assert (user.request_header("authorization") or "").startswith("Bearer ")


def test_search_dashboards_with_many_optional_query_parameters(prism: Prism) -> None:
    dashboards = prism.sdk.search_dashboards(
        title="Sales & Marketing",
        description="quarterly",
        folder_id="7",
        user_id="42",
        curate=True,
        fields="id,title",
        limit=10,
        offset=20,
        sorts="title desc",
        filter_or=True,
        not_owned_by=False,
    )
    assert dashboards
    assert all(isinstance(d, models.Dashboard) for d in dashboards)
    sent = call(prism.passed()).query()
    assert sorted(sent) == sorted(
        [
            ("title", "Sales & Marketing"),
            ("description", "quarterly"),
            ("folder_id", "7"),
            ("user_id", "42"),
            ("curate", "true"),
            ("fields", "id,title"),
            ("limit", "10"),
            ("offset", "20"),
            ("sorts", "title desc"),
            ("filter_or", "true"),
            ("not_owned_by", "false"),
        ]
    )


def test_all_users_sends_ids_as_one_delimited_value(prism: Prism) -> None:
    users = prism.sdk.all_users(ids=models.DelimSequence(["1", "2", "3"]))
    assert users
    exchange = call(prism.passed())
    assert exchange.query() == [("ids", "1,2,3")]


def test_create_query_posts_a_json_body(prism: Prism) -> None:
    body = models.WriteQuery(
        model="thelook",
        view="users",
        fields=["users.id", "users.count"],
        limit="10",
    )
    query = prism.sdk.create_query(body=body)
    assert isinstance(query, models.Query)
    assert query.model
    create = call(prism.passed())
    assert create.method == "POST"
    assert create.request_header("content-type") == "application/json"
    assert json.loads(create.request_body) == {
        "model": "thelook",
        "view": "users",
        "fields": ["users.id", "users.count"],
        "limit": "10",
    }


def test_run_inline_query_posts_a_json_body_and_returns_the_raw_result(prism: Prism) -> None:
    body = models.WriteQuery(model="thelook", view="users", fields=["users.id"])
    result = prism.sdk.run_inline_query(
        result_format="json", body=body, limit=5, apply_formatting=True
    )
    run = call(prism.passed())
    assert (run.method, run.path()) == ("POST", "/api/4.0/queries/run/json")
    assert sorted(run.query()) == [("apply_formatting", "true"), ("limit", "5")]
    assert json.loads(run.request_body) == {
        "model": "thelook",
        "view": "users",
        "fields": ["users.id"],
    }
    # A text result is handed over undecoded.
    assert isinstance(result, str)
    assert result == run.response_body.decode("utf-8")


def test_update_user_patches_a_write_type(prism: Prism) -> None:
    body = models.WriteUser(first_name="Ada", last_name="Lovelace", is_disabled=False)
    user = prism.sdk.update_user(user_id="42", body=body)
    assert isinstance(user, models.User)
    assert user.id
    update = call(prism.passed())
    assert (update.method, update.target) == ("PATCH", "/api/4.0/users/42")
    assert json.loads(update.request_body) == {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "is_disabled": False,
    }


def test_delete_user_accepts_204_without_a_body(prism: Prism) -> None:
    # The official signature returns `str`: the empty body of the 204.
    assert prism.sdk.delete_user(user_id="42") == ""
    delete = call(prism.passed())
    assert (delete.method, delete.status) == ("DELETE", 204), delete


def test_content_thumbnail_returns_the_png_bytes_untouched(prism: Prism) -> None:
    prism.log_in()
    image = prism.sdk.content_thumbnail(
        type="dashboard",
        resource_id="1",
        format="png",
        width=300,
        height=200,
        transport_options={"headers": {"Accept": "image/png"}},
    )
    thumbnail = call(prism.passed())
    assert thumbnail.request_header("accept") == "image/png"
    assert thumbnail.content_type == "image/png"
    assert isinstance(image, bytes)
    assert image
    assert image == thumbnail.response_body


def test_an_error_status_raises_sdk_error(prism: Prism) -> None:
    # `Prefer: code=404` makes Prism answer the operation's documented 404, from the spec.
    prism.log_in()
    with pytest.raises(error.SDKError) as raised:
        prism.sdk.user(user_id="42", transport_options={"headers": {"Prefer": "code=404"}})
    user = call(prism.valid())
    assert user.request_header("prefer") == "code=404"
    assert user.status == 404, user
    assert raised.value.message, raised.value


def test_a_validation_error_lists_its_fields(prism: Prism) -> None:
    prism.log_in()
    with pytest.raises(error.SDKError) as raised:
        prism.sdk.update_user(
            user_id="42",
            body=models.WriteUser(first_name="Ada"),
            transport_options={"headers": {"Prefer": "code=422"}},
        )
    assert call(prism.valid()).status == 422
    assert any(detail.field for detail in raised.value.errors), raised.value


def test_writes_decode_dynamic_responses(dynamic_prism: Prism) -> None:
    # Random answers with nulls and extra keys, to the calls the sweep does not make.
    sdk = dynamic_prism.sdk
    sdk.login(client_id="id", client_secret="secret")
    query = models.WriteQuery(model="thelook", view="users")
    sdk.create_query(body=query)
    sdk.run_inline_query(result_format="json", body=query)
    sdk.update_user(user_id="42", body=models.WriteUser(first_name="Ada"))
    sdk.delete_user(user_id="42")
    dynamic_prism.passed()
