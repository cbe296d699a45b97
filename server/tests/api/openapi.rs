//! The OpenAPI document is generated from the code and names every endpoint of API.md.

use crate::helpers::spawn_app;
use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_lists_every_endpoint_and_the_round_schema() {
    // Arrange
    let app = spawn_app().await;

    // Act
    let res = app.get_api("/openapi.json").await;

    // Assert
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.expect("json");
    assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    for (path, method) in [
        ("/api/v1/session", "post"),
        ("/api/v1/session", "delete"),
        ("/api/v1/rounds", "post"),
        ("/api/v1/rounds", "get"),
        ("/api/v1/rounds/{id}", "get"),
        ("/api/v1/rounds/{id}", "put"),
        ("/api/v1/rounds/{id}/{action}", "post"),
        ("/api/v1/rounds/{id}/copy", "post"),
        ("/api/v1/rounds/{id}/codes", "post"),
        ("/api/v1/rounds/{id}/codes/revoke", "post"),
        ("/api/v1/rounds/{id}/codes/summary", "get"),
        ("/api/v1/rounds/{id}/results", "get"),
        ("/api/v1/rounds/{id}/results.csv", "get"),
        ("/api/v1/rounds/{id}/results.xlsx", "get"),
        ("/api/v1/rounds/{id}/charts/{file}", "get"),
        ("/api/v1/rounds/{id}/reevaluate", "post"),
        ("/api/v1/ballots", "post"),
        ("/api/v1/receipts/{receipt}", "get"),
        ("/api/v1/flags/{id}", "get"),
        ("/api/v1/groups", "get"),
        ("/api/v1/accounts", "post"),
        ("/api/v1/accounts/{username}/reset-password", "post"),
        ("/api/v1/rounds/{id}/hall-link", "post"),
        ("/api/v1/rounds/{id}/hall-link", "delete"),
        ("/api/v1/hall/{token}", "get"),
        ("/api/v1/rounds/{id}/public-link", "post"),
        ("/api/v1/rounds/{id}/public-link", "delete"),
        ("/api/v1/rounds/{id}/ledger.xlsx", "get"),
        ("/api/v1/rounds/{id}/opinions.csv", "get"),
        ("/api/v1/rounds/{id}/opinions.xlsx", "get"),
        ("/api/v1/rounds/{id}/indicators", "get"),
        ("/api/v1/rounds/{id}/report.docx", "get"),
        ("/api/v1/flags/{id}/problems", "get"),
        ("/api/v1/flags/{id}/problems", "post"),
        ("/api/v1/problems/{id}/measures", "post"),
        ("/api/v1/measures/{id}", "patch"),
    ] {
        assert!(paths.get(path).and_then(|p| p.get(method)).is_some(), "{method} {path} is missing");
    }
    // Every operation with a body declares the body errors; every non-public one 401/403.
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            let codes = op["responses"].as_object().expect("responses");
            if op.get("requestBody").is_some() {
                for code in ["400", "413", "415"] {
                    assert!(codes.contains_key(code), "{method} {path} lacks {code}");
                }
            }
            if !["/api/v1/session", "/api/v1/ballots", "/api/v1/receipts/{receipt}", "/api/v1/hall/{token}"].contains(&path.as_str()) {
                assert!(codes.contains_key("401") && codes.contains_key("403"), "{method} {path} lacks 401/403");
            }
        }
    }
    let spec = &doc["components"]["schemas"]["RoundSpec"];
    assert_eq!(spec["required"], serde_json::json!(["title"]), "{spec}");
    for field in ["flag_threshold", "flag_basis", "quorum", "disclosure_min", "min_satisfaction", "scale", "categories", "items", "targets"]
    {
        assert!(spec["properties"].get(field).is_some(), "RoundSpec.{field}");
    }
    let err = &doc["components"]["schemas"]["ErrorDetail"]["properties"];
    assert!(err.get("code").is_some() && err.get("message").is_some());
}
