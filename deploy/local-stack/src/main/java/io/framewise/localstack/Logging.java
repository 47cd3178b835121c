package io.framewise.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Turns a chatty library down to warnings, whichever logging backend the host process uses. */
final class Logging {

    /** JUL loggers are weakly referenced; keep the configured ones alive. */
    private static final List<Logger> KEPT = new ArrayList<>();

    private Logging() {
    }

    static synchronized void quiet(String category) {
        // slf4j-simple (the CLI) reads this before its first logger of the category is made.
        System.setProperty("org.slf4j.simpleLogger.log." + category, "warn");
        // JBoss LogManager (services and their tests) honours JUL levels.
        Logger logger = Logger.getLogger(category);
        logger.setLevel(Level.WARNING);
        KEPT.add(logger);
    }
}
