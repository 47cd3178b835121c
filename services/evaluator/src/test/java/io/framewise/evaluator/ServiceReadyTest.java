package io.framewise.evaluator;

import io.framewise.localstack.testing.LocalStackTestResource;
import io.framewise.localstack.testing.ServiceReadinessContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalStackTestResource.class)
class ServiceReadyTest extends ServiceReadinessContract {
}
