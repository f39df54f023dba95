package org.tinyp2p.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How this program was started, as a command a user can paste: the launcher of the self-contained image
 * ({@code /opt/tinyp2p/bin/tinyp2p}), or {@code java -jar /path/to/tinyp2p.jar}.
 */
final class LaunchCommand {
    /** Set by every jpackage launcher to its own path; absent under {@code java -jar}. */
    static final String LAUNCHER_PROPERTY = "jpackage.app-path";

    private LaunchCommand() {
    }

    static String current() {
        return of(System.getProperty(LAUNCHER_PROPERTY), codeSource());
    }

    /** The launcher when there is one, else the jar, else the generic form. */
    static String of(String launcher, Path codeSource) {
        if (launcher != null && !launcher.isBlank()) {
            return quoted(launcher);
        }
        if (codeSource != null && Files.isRegularFile(codeSource) && codeSource.toString().endsWith(".jar")) {
            return "java -jar " + quoted(codeSource.toAbsolutePath().toString());
        }
        return "java -jar tinyp2p.jar";
    }

    private static Path codeSource() {
        try {
            return Path.of(LaunchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | SecurityException | IllegalArgumentException | NullPointerException e) {
            return null; // the generic form, then
        }
    }

    /** Single-quoted for a POSIX shell when it holds anything a shell would split or expand. */
    private static String quoted(String path) {
        return path.matches("[A-Za-z0-9_./+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }
}
