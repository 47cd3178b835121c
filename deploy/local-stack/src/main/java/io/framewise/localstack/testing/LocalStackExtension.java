package io.framewise.localstack.testing;

import io.framewise.common.store.ObjectStore;
import io.framewise.localstack.LocalStack;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving tests the shared embedded stack: declare a {@link LocalStack} or an
 * {@link ObjectStore} parameter.
 */
public class LocalStackExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == LocalStack.class || type == ObjectStore.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        LocalStack stack = SharedTestStack.get();
        return parameter.getParameter().getType() == LocalStack.class ? stack : stack.store();
    }
}
