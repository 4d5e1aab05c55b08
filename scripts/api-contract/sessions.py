"""Logs in through the server's own flows, for the schemathesis run (scripts/test-api-contract.sh).

Usage: sessions.py BASE_URL OPERATOR_TOKEN
Prints shell assignments: RESIDENT_TOKEN, OFFICER_TOKEN, AGENT_TOKEN, and the sessions the
logout routes end: LEAVING_RESIDENT_TOKEN and LEAVING_EVERYWHERE_TOKEN (two other residents:
logout-all ends all of one resident's sessions) and LEAVING_STAFF_TOKEN (another officer's).

The resident registers at a demo property, gets the PIN registering sends from the test-mode
outbox and logs in, then buys a bundle of visitor permits (an order paid with the test card on
the sandbox's hosted page, as a payer's browser would) so that the stays routes have something
to book; the officer and agent are added with the operator
endpoint and log in with the code emailed to them. Standard library only: it runs on the
schemathesis venv's Python or any other.
"""

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

BASE, OPERATOR = sys.argv[1].rstrip("/"), sys.argv[2]
COUNCIL = "hampshire"
RESIDENT = "contract-resident@hampshire.example"
LEAVING_RESIDENT = "contract-leaving@hampshire.example"
LEAVING_EVERYWHERE = "contract-leaving-everywhere@hampshire.example"
OFFICER = "contract-officer@hampshire.example"
LEAVING_OFFICER = "contract-leaving-officer@hampshire.example"
AGENT = "contract-agent@hampshire.example"


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    request.add_header("content-type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def latest_code(recipient):
    query = urllib.parse.urlencode({"recipient": recipient})
    messages = call("GET", f"/operator/outbox?{query}", headers={"x-operator-token": OPERATOR})
    return re.search(r"\b\d{6}\b", messages[0]["body"]).group(0)


def staff_token(role, email):
    member = {"council": COUNCIL, "role": role, "email": email, "full_name": f"Contract {role}"}
    call("POST", "/operator/staff", member, {"x-operator-token": OPERATOR})
    call("POST", "/staff/pin", {"email": email})
    return call("POST", "/staff/session", {"email": email, "pin": latest_code(email)})["token"]


def resident_token(email):
    registration = {
        "property_id": "hampshire-0001",
        "full_name": "Sam Contract",
        "email": email,
        "council_tax_account": "41000012",
    }
    call("POST", f"/councils/{COUNCIL}/registrations", registration)
    login = {"council": COUNCIL, "contact": email, "pin": latest_code(email)}
    return call("POST", "/auth/session", login)["token"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None


def pay_on_sandbox_page(next_url):
    """Submits the test card on the sandbox's page, which answers 303 back to the service."""
    form = urllib.parse.urlencode({"card_number": "4242424242424242"}).encode()
    request = urllib.request.Request(next_url, data=form, method="POST")
    request.add_header("content-type", "application/x-www-form-urlencoded")
    try:
        urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as answer:
        if answer.code != 303:
            raise


resident = resident_token(RESIDENT)
order = {"permit_type": "visitor-bundle", "quantity": 1}
bearer = {"authorization": f"Bearer {resident}", "idempotency-key": str(uuid.uuid4())}
started = call("POST", "/purchases", order, bearer)
pay_on_sandbox_page(started["next_url"])
paid = call("GET", f"/purchases/{started['id']}", headers={"authorization": f"Bearer {resident}"})
assert paid["state"] == "paid", paid

print(f"RESIDENT_TOKEN={resident}")
print(f"LEAVING_RESIDENT_TOKEN={resident_token(LEAVING_RESIDENT)}")
print(f"LEAVING_EVERYWHERE_TOKEN={resident_token(LEAVING_EVERYWHERE)}")
print(f"OFFICER_TOKEN={staff_token('officer', OFFICER)}")
print(f"LEAVING_STAFF_TOKEN={staff_token('officer', LEAVING_OFFICER)}")
print(f"AGENT_TOKEN={staff_token('agent', AGENT)}")
