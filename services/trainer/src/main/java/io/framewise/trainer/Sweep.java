package io.framewise.trainer;

import io.framewise.events.TrainingRequest;
import io.framewise.schemas.codec.EventCodec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A sweep: one training request whose {@code sweep} names hyperparameters and the values to try, run as one member
 * run per combination (the cartesian product: names in alphabetical order, the first varying slowest; values in
 * the given order). Each member is the request with those values added to its hyperparameters and the run id
 * {@code <sweep id>-<name><value>-<name><value>...} (say {@code gaze-ft-batchSize8-chunkSize3}); each member is a run
 * like any other: its own folder, events, checkpoints and evaluations, its {@code run.json} naming the sweep.
 */
record Sweep(String id, Map<String, List<String>> values, List<Member> members) {

    /** The most members one request may ask for. */
    static final int MAX_MEMBERS = 64;
    private static final EventCodec CODEC = EventCodec.standard();

    /** One run of a sweep: its id, its swept values (name to value, in the sweep's order) and its request. */
    record Member(String runId, Map<String, String> values, TrainingRequest request) {

        /** The values as a person reads them: {@code batchSize 8, chunkSize 3}. */
        String label() {
            return values.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
        }
    }

    static boolean isSweep(TrainingRequest request) {
        return request.getSweep() != null && !request.getSweep().isEmpty();
    }

    /** The sweep of a request; an {@link IllegalArgumentException} naming what is wrong with it. */
    static Sweep of(TrainingRequest request) {
        String id = request.getCorrelationId();
        Map<String, List<String>> values = new LinkedHashMap<>();
        long combinations = 1;
        // Names in alphabetical order: an Avro map keeps no order, and a member's id must not depend on the copy.
        for (Map.Entry<String, List<String>> e : new java.util.TreeMap<>(request.getSweep()).entrySet()) {
            String name = e.getKey();
            if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("sweep: '" + name + "' is not a hyperparameter name");
            }
            if (request.getHyperparameters().containsKey(name)) {
                throw new IllegalArgumentException("sweep: '" + name + "' is also given in hyperparameters; give it in one"
                        + " place");
            }
            List<String> list = e.getValue().stream().map(String::trim).toList();
            if (list.isEmpty()) {
                throw new IllegalArgumentException("sweep: '" + name + "' has no values");
            }
            Set<String> seen = new HashSet<>();
            for (String v : list) {
                if (!v.matches("[A-Za-z0-9._+-]{1,20}")) {
                    throw new IllegalArgumentException("sweep: value '" + v + "' of '" + name + "' is not 1 to 20 letters,"
                            + " digits, '.', '_', '+' or '-'");
                }
                if (!seen.add(v)) {
                    throw new IllegalArgumentException("sweep: value '" + v + "' of '" + name + "' is given twice");
                }
            }
            values.put(name, list);
            combinations *= list.size();
        }
        if (values.isEmpty()) {
            throw new IllegalArgumentException("sweep: no hyperparameter to sweep");
        }
        if (combinations > MAX_MEMBERS) {
            throw new IllegalArgumentException("sweep: " + combinations + " combinations; at most " + MAX_MEMBERS
                    + " runs per request");
        }
        List<Member> members = new ArrayList<>();
        addMembers(request, values, new ArrayList<>(values.keySet()), new LinkedHashMap<>(), members);
        String longest = members.stream().map(Member::runId).max(java.util.Comparator.comparingInt(String::length))
                .orElseThrow();
        if (longest.length() > 200) {
            throw new IllegalArgumentException("sweep: member run id " + longest + " is longer than 200 characters; use a"
                    + " shorter runId");
        }
        return new Sweep(id, values, List.copyOf(members));
    }

    private static void addMembers(TrainingRequest request, Map<String, List<String>> values, List<String> names,
            Map<String, String> chosen, List<Member> members) {
        if (chosen.size() == names.size()) {
            StringBuilder id = new StringBuilder(request.getCorrelationId());
            chosen.forEach((name, value) -> id.append('-').append(name).append(value));
            Map<String, String> hyper = new LinkedHashMap<>(request.getHyperparameters());
            hyper.putAll(chosen);
            // A copy through the codec: the builder's deep copy trips over Quarkus' class loaders in tests.
            TrainingRequest member = CODEC.decode(CODEC.encode(request), TrainingRequest.class);
            member.setCorrelationId(id.toString());
            member.setHyperparameters(hyper);
            member.setSweep(Map.of());
            members.add(new Member(id.toString(), java.util.Collections.unmodifiableMap(new LinkedHashMap<>(chosen)),
                    member));
            return;
        }
        String name = names.get(chosen.size());
        for (String v : values.get(name)) {
            chosen.put(name, v);
            addMembers(request, values, names, chosen, members);
            chosen.remove(name);
        }
    }
}
