package io.framewise.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code framewise synthesize} without {@code --wait}: the request it sends and how it reports the answer. */
class SynthesizeCommandTest {

    @Test
    void sendsTheRequestToTheSynthesizerAndPrintsItsAnswer() throws Exception {
        FakeService service = new FakeService(202, "{\"correlationId\":\"abc\",\"output\":\"datasets/synth/out/\"}");
        CliRun run;
        try (service) {
            run = CliRun.of("synthesize", "--backgrounds", "inputs/synth/bg/",
                    "--templates", "inputs/synth/templates/", "--output", "datasets/synth/out/", "--num-samples", "100",
                    "--output-size", "75", "100", "--zoom-mode", "--kind", "detection", "--enlarge-region", "1", "2", "3", "4",
                    "--seed", "7", "--service-url", service.url());
        }
        assertThat(run.exit()).isZero();
        assertThat(service.path.get()).isEqualTo("/syntheses");
        JsonNode sent = new ObjectMapper().readTree(service.body.get());
        assertThat(sent.get("backgrounds").asText()).isEqualTo("inputs/synth/bg/");
        assertThat(sent.get("templates").asText()).isEqualTo("inputs/synth/templates/");
        assertThat(sent.get("output").asText()).isEqualTo("datasets/synth/out/");
        assertThat(sent.get("numSamples").asInt()).isEqualTo(100);
        assertThat(sent.get("outputSize").toString()).isEqualTo("[75,100]");
        assertThat(sent.get("zoomMode").asBoolean()).isTrue();
        assertThat(sent.get("kind").asText()).isEqualTo("detection");
        assertThat(sent.get("enlargeRegion").toString()).isEqualTo("[1,2,3,4]");
        assertThat(sent.get("seed").asLong()).isEqualTo(7);
        assertThat(sent.get("imageSize").isNull()).isTrue(); // left to the service's default
        assertThat(run.out()).contains("\"correlationId\":\"abc\"");
    }

    @Test
    void aRefusedRequestExitsWithTheServiceReason() throws Exception {
        CliRun run;
        try (FakeService service = new FakeService(400, "{\"error\":\"'numSamples' is a whole number from 1 to 10000000, not 0\"}")) {
            run = CliRun.of("synthesize", "--backgrounds", "inputs/b/", "--templates", "inputs/t/", "--output", "datasets/o/",
                    "--num-samples", "0", "--output-size", "75", "100", "--service-url", service.url());
        }
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("the service refused the request (400): 'numSamples' is a whole number");
    }
}
