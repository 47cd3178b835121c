package io.framewise.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on stderr, redrawn in place; plain lines when stderr is not a terminal. */
final class ProgressBar {

    private final PrintStream out = System.err;
    private final boolean terminal = System.console() != null;
    private final String label;
    private long lastPlainLine;
    private boolean drawn;

    ProgressBar(String label) {
        this.label = label;
    }

    void update(long done, long total, String detail) {
        String line;
        if (total > 0) {
            double fraction = Math.min(1.0, done / (double) total);
            int width = 30;
            int filled = (int) Math.round(fraction * width);
            line = String.format(Locale.ROOT, "%s [%s%s] %3.0f%% %d/%d %s", label, "#".repeat(filled), ".".repeat(width - filled),
                    fraction * 100, done, total, detail);
        } else {
            line = String.format(Locale.ROOT, "%s %d %s", label, done, detail);
        }
        if (terminal) {
            out.print("\r" + line + "   ");
            out.flush();
            drawn = true;
        } else if (System.nanoTime() - lastPlainLine > 5_000_000_000L) {
            out.println(line);
            lastPlainLine = System.nanoTime();
        }
    }

    /** Ends the bar's line, once, if one was drawn. */
    void done() {
        if (terminal && drawn) {
            out.println();
        }
        drawn = false;
    }
}
