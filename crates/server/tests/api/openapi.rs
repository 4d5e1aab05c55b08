//! `/openapi.json` documents every endpoint with its body and its errors.

use crate::helpers::spawn_app;
use permit_api_types::API_PREFIX;
use serde_json::Value;

/// Every route the server mounts in test mode, under [`API_PREFIX`]. A new route must be
/// added here and to the document, or this test fails.
const ROUTES: &[(&str, &str)] = &[
    ("get", "/health"),
    ("get", "/health/live"),
    ("get", "/operator/clock"),
    ("post", "/operator/clock"),
    ("get", "/operator/outbox"),
    ("post", "/operator/{kind}/{id}/decision"),
    ("get", "/properties"),
    ("post", "/councils/{council}/registrations"),
    ("put", "/me/registration/proof"),
    ("post", "/auth/pin"),
    ("post", "/auth/session"),
    ("post", "/auth/cookie-session"),
    ("get", "/auth/cookie-session"),
    ("post", "/auth/logout"),
    ("post", "/auth/logout-all"),
    ("get", "/me"),
    ("post", "/me/contacts"),
    ("post", "/me/contacts/confirm"),
    ("get", "/me/vehicles"),
    ("post", "/me/vehicles"),
    ("patch", "/me/vehicles/{id}"),
    ("delete", "/me/vehicles/{id}"),
    ("get", "/me/settings"),
    ("put", "/me/settings"),
    ("get", "/catalogue"),
    ("post", "/purchases"),
    ("post", "/purchases/{id}/payment"),
    ("get", "/purchases/{id}"),
    ("get", "/payments"),
    ("get", "/payments/{id}"),
    ("get", "/visitor-permits"),
    ("get", "/permits"),
    ("get", "/permits/{id}"),
    ("post", "/permits/{id}/renew"),
    ("put", "/permits/{id}/auto-renew"),
    ("post", "/permits/{id}/vehicle"),
    ("post", "/permits/{id}/cancel"),
    ("post", "/permits/{id}/change-of-address"),
    ("post", "/permits/{id}/new-zone-application"),
    ("put", "/permits/{id}/evidence"),
    ("post", "/stays"),
    ("get", "/stays"),
    ("get", "/stays/{id}"),
    ("get", "/stays/{id}/calendar"),
    ("post", "/stays/{id}/cancel"),
    ("post", "/operator/staff"),
    ("post", "/staff/pin"),
    ("post", "/staff/session"),
    ("post", "/staff/logout"),
    ("get", "/officer/queue"),
    ("get", "/officer/proofs/{id}"),
    ("get", "/officer/audit"),
    ("post", "/officer/{kind}/{id}/decision"),
    ("get", "/officer/residents"),
    ("get", "/officer/residents/{id}"),
    ("get", "/officer/residents/{id}/stays"),
    ("get", "/officer/residents/{id}/payments"),
    ("get", "/officer/enforcement-checks"),
    ("get", "/admin/staff"),
    ("post", "/admin/staff"),
    ("put", "/admin/staff/{id}/role"),
    ("post", "/admin/staff/{id}/disable"),
    ("post", "/councils/{council}/sms"),
    ("post", "/councils/{council}/payments/webhook"),
    ("get", "/councils/{council}/channels"),
    ("get", "/enforcement/check"),
    ("post", "/agent/calls"),
    ("post", "/agent/calls/{call}/stays"),
    ("get", "/agent/calls/{call}/stays"),
    ("post", "/agent/calls/{call}/stays/{id}/cancel"),
    ("get", "/agent/calls/{call}/permits"),
    ("post", "/agent/calls/{call}/permits/{id}/cancel"),
    ("put", "/agent/calls/{call}/permits/{id}/auto-renew"),
    ("get", "/staff/me"),
    ("get", "/officer/queue/{id}"),
];

#[tokio::test]
async fn openapi_lists_every_route_with_its_errors_and_nothing_else() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let paths = doc["paths"].as_object().expect("paths");
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(path, item)| {
            let methods = item.as_object().into_iter().flat_map(|m| m.keys().cloned());
            methods.map(move |method| (method, path.clone()))
        })
        .collect();
    documented.sort();
    let mut expected: Vec<(String, String)> = ROUTES
        .iter()
        .map(|(m, p)| ((*m).into(), format!("{API_PREFIX}{p}")))
        .collect();
    expected.sort();
    assert_eq!(documented, expected);
    for (method, path) in ROUTES {
        let responses = &paths[&format!("{API_PREFIX}{path}")][*method]["responses"];
        let has_error =
            responses
                .as_object()
                .expect("responses")
                .iter()
                .any(|(status, response)| {
                    (status.starts_with('4') || status.starts_with('5'))
                        && response_uses_error_body(response)
                });
        assert!(has_error, "{method} {path} documents no error response");
    }
}

fn response_uses_error_body(response: &Value) -> bool {
    response.to_string().contains("ErrorBody")
}

#[tokio::test]
async fn every_documented_route_is_mounted() {
    let app = spawn_app().await;
    let http = reqwest::Client::new();
    for (method, path) in ROUTES {
        let url = format!(
            "http://127.0.0.1:{}{API_PREFIX}{}",
            app.port,
            path.replace('{', "x").replace('}', "")
        );
        let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
        let response = http
            .request(method.clone(), &url)
            .send()
            .await
            .expect("answered");
        // An unrouted API path is our 404 `no_such_endpoint`; the router's 405 has no JSON body.
        let status = response.status().as_u16();
        let json = response
            .headers()
            .get("content-type")
            .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
        let body = response.text().await.expect("body");
        let unrouted = (status == 405 && !json)
            || (status == 404 && (!json || body.contains("\"no_such_endpoint\"")));
        assert!(!unrouted, "{method} {path} is documented but not mounted");
    }
}

#[tokio::test]
async fn every_schema_the_document_refers_to_is_in_it() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    let refs: Vec<&str> = text
        .split("\"#/components/schemas/")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
        .collect();
    assert!(!refs.is_empty());
    for name in refs {
        assert!(
            schemas.contains_key(name),
            "{name} is referred to but not defined"
        );
    }
}

/// Statuses the layers in front of the handlers answer: each operation declares the ones it
/// can get (the request timeout everywhere; JSON bodies' 400, 413, 415 and 422, the last
/// for fields missing or of the wrong type; the operator's token and Host checks).
#[tokio::test]
async fn every_route_declares_the_statuses_its_layers_can_answer() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    for (method, path) in ROUTES {
        let operation = &doc["paths"][&format!("{API_PREFIX}{path}")][*method];
        let declared = operation["responses"].as_object().expect("responses");
        let mut needed = vec!["408"];
        if operation["requestBody"]["content"]["application/json"].is_object() {
            needed.extend(["400", "413", "415", "422"]);
        }
        if path.starts_with("/operator/") {
            needed.extend(["401", "403", "429"]);
        }
        for status in needed {
            assert!(
                declared.contains_key(status),
                "{method} {path} does not declare {status}"
            );
        }
    }
}

/// The document puts a parameter in the path exactly when it is in the path's template, so
/// the query parameters are not declared as path ones; and the ones a handler cannot answer without
/// are required (schemathesis sent requests without them that the document called valid).
#[tokio::test]
async fn query_parameters_are_declared_in_the_query_and_the_needed_ones_as_required() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    for (method, path) in ROUTES {
        let operation = &doc["paths"][&format!("{API_PREFIX}{path}")][*method];
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().expect("name");
            let in_template = path.contains(&format!("{{{name}}}"));
            let in_path = parameter["in"] == "path";
            assert_eq!(in_path, in_template, "{method} {path}: {name}");
        }
    }
    let needed = [
        ("get", "/properties", "postcode", true),
        ("get", "/properties", "house", false),
        ("get", "/enforcement/check", "vrm", true),
        ("get", "/enforcement/check", "zone", true),
        ("get", "/enforcement/check", "at", false),
        ("get", "/operator/outbox", "recipient", true),
        (
            "post",
            "/permits/{id}/change-of-address",
            "property_id",
            true,
        ),
        (
            "post",
            "/permits/{id}/new-zone-application",
            "property_id",
            true,
        ),
        (
            "post",
            "/permits/{id}/new-zone-application",
            "document",
            true,
        ),
        ("get", "/stays", "when", false),
        ("get", "/councils/{council}/channels", "vrm", false),
    ];
    for (method, path, name, required) in needed {
        let parameters = &doc["paths"][&format!("{API_PREFIX}{path}")][method]["parameters"];
        let parameter = parameters
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{method} {path} does not declare {name}"));
        assert_eq!(parameter["in"], "query", "{method} {path}: {name}");
        let declared = parameter["required"].as_bool().unwrap_or(false);
        assert_eq!(declared, required, "{method} {path}: {name} required");
    }
}

/// The upload routes take the document itself as the body: declared as a binary string under
/// each type they accept (PDF, JPEG, PNG), not as the array of numbers `Vec<u8>` would be.
#[tokio::test]
async fn uploads_are_declared_as_binary_documents_of_each_accepted_type() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let uploads = [
        ("put", "/me/registration/proof"),
        ("put", "/permits/{id}/evidence"),
        ("post", "/permits/{id}/change-of-address"),
        ("post", "/permits/{id}/new-zone-application"),
    ];
    for (method, path) in uploads {
        let content =
            &doc["paths"][&format!("{API_PREFIX}{path}")][method]["requestBody"]["content"];
        let types: Vec<&String> = content.as_object().expect("content").keys().collect();
        assert_eq!(
            types,
            ["application/pdf", "image/jpeg", "image/png"],
            "{method} {path}"
        );
        for media in content.as_object().into_iter().flat_map(|c| c.values()) {
            let schema = &media["schema"];
            let schema = match schema["$ref"].as_str() {
                Some(reference) => {
                    let name = reference.trim_start_matches("#/components/schemas/");
                    &doc["components"]["schemas"][name]
                }
                None => schema,
            };
            assert_eq!(schema["type"], "string", "{method} {path}");
            assert_eq!(schema["format"], "binary", "{method} {path}");
        }
    }
}

/// Answers schemathesis got that the document did not declare: a login at a council that
/// does not exist (404) and an outbox recipient that is neither an email nor a mobile (422).
/// Each is answered as found and now declared on its route.
#[tokio::test]
async fn statuses_found_undeclared_are_answered_and_declared() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{}{API_PREFIX}", app.port);
    let login = http
        .post(format!("{base}/auth/session"))
        .json(&serde_json::json!({"council": "", "contact": "", "pin": ""}))
        .send()
        .await
        .expect("POST");
    let outbox = http
        .get(format!("{base}/operator/outbox?recipient="))
        .header(
            permit_api_types::OPERATOR_TOKEN_HEADER,
            app.operator_token(),
        )
        .send()
        .await
        .expect("GET");
    for (method, path, response, status) in [
        ("post", "/auth/session", login, "404"),
        ("get", "/operator/outbox", outbox, "422"),
    ] {
        assert_eq!(response.status().as_str(), status, "{method} {path}");
        let declared = &doc["paths"][&format!("{API_PREFIX}{path}")][method]["responses"];
        assert!(
            declared[status].is_object(),
            "{method} {path} does not declare {status}"
        );
    }
}

/// Issue 19: every resident route that takes the bearer token also takes the session cookie,
/// a write only with the CSRF token (and may then answer 403); staff routes take neither.
#[tokio::test]
async fn reg2_resident_routes_declare_the_session_cookie_and_writes_its_csrf_token() {
    let app = spawn_app().await;
    let doc = app.client.openapi().await.expect("openapi");
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["session_cookie"]["in"], "cookie");
    assert_eq!(
        schemes["session_cookie"]["name"],
        permit_api_types::SESSION_COOKIE
    );
    assert_eq!(schemes["csrf_token"]["in"], "header");
    assert_eq!(schemes["csrf_token"]["name"], permit_api_types::CSRF_HEADER);
    let bearer = serde_json::json!({"bearer": []});
    let cookie = serde_json::json!({"session_cookie": []});
    let cookie_and_csrf = serde_json::json!({"session_cookie": [], "csrf_token": []});
    let mut checked = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let staff = ["/officer", "/agent", "/admin", "/staff", "/operator"]
            .iter()
            .any(|prefix| path.starts_with(&format!("{API_PREFIX}{prefix}")));
        for (method, operation) in item.as_object().expect("operations") {
            let security = operation["security"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            if !security.contains(&bearer) {
                continue;
            }
            let read = method == "get";
            if staff {
                assert!(
                    !security.contains(&cookie) && !security.contains(&cookie_and_csrf),
                    "{method} {path}: staff routes take no resident cookie"
                );
                continue;
            }
            let wanted = if read { &cookie } else { &cookie_and_csrf };
            assert!(security.contains(wanted), "{method} {path}: {security:?}");
            if !read {
                assert!(
                    response_uses_error_body(&operation["responses"]["403"]),
                    "{method} {path} documents the CSRF refusal"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} resident routes");
}
