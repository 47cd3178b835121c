package io.framewise.localstack.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

/**
 * What every service must show once started against the embedded stack: ready (object store reachable
 * with its buckets, Kafka channels connected), alive, and exporting Prometheus metrics. Each service's
 * test class extends this under {@code @QuarkusTest}.
 */
public abstract class ServiceReadinessContract {

    @Test
    public void reportsReadyAgainstTheEmbeddedStack() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("object-store"));
    }

    @Test
    public void reportsAlive() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    public void exportsPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
