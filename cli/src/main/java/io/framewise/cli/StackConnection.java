package io.framewise.cli;

import io.framewise.common.store.StoreSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a client command finds a running stack: options first, then the environment
 * ({@code KAFKA_BOOTSTRAP_SERVERS}, {@code FRAMEWISE_STORE_*}), then the {@code stack.properties} that
 * {@code framewise up} writes into its data folder, then the embedded stack's default ports.
 */
public final class StackConnection {

    static final String STACK_FILE = "stack.properties";

    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
    String kafka;

    @Option(names = "--s3-endpoint", paramLabel = "URL", description = "Object store endpoint, e.g. http://127.0.0.1:9000.")
    String s3Endpoint;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder of a running 'framewise up' (default: ${DEFAULT-VALUE}).",
            defaultValue = "${env:FRAMEWISE_DATA:-.framewise/data}")
    Path dataDir;

    private Properties stackFile() {
        Properties p = new Properties();
        Path file = dataDir.resolve(STACK_FILE);
        if (Files.isRegularFile(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return p;
    }

    private String setting(String option, String env, String key, String fallback) {
        if (option != null) {
            return option;
        }
        String fromEnv = System.getenv(env);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        return stackFile().getProperty(key, fallback);
    }

    public String bootstrapServers() {
        return setting(kafka, "KAFKA_BOOTSTRAP_SERVERS", "kafka.bootstrap.servers", "127.0.0.1:9092");
    }

    public StoreSettings store() {
        return new StoreSettings(
                setting(s3Endpoint, "FRAMEWISE_STORE_ENDPOINT", "framewise.store.endpoint", "http://127.0.0.1:9000"),
                setting(null, "FRAMEWISE_STORE_ACCESS_KEY", "framewise.store.access-key", "framewise"),
                setting(null, "FRAMEWISE_STORE_SECRET_KEY", "framewise.store.secret-key", "framewise-secret"),
                setting(null, "FRAMEWISE_STORE_REGION", "framewise.store.region", "us-east-1"));
    }
}
