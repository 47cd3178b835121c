package io.framewise.localstack.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Quarkus test resource: starts (once per JVM) the embedded broker and S3 server and points the service
 * under test at them. Use with {@code @QuarkusTestResource(LocalStackTestResource.class)}.
 */
public class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedTestStack.get().serviceConfig();
    }

    @Override
    public void stop() {
        // The stack is shared by every test class of this JVM and stops when the JVM exits.
    }
}
