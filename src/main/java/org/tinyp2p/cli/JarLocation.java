package org.tinyp2p.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How this program was started, as a command a user can paste: {@code java -jar /path/to/tinyp2p.jar}. */
final class JarLocation {
    private JarLocation() {
    }

    static String command() {
        try {
            Path location = Path.of(JarLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location) && location.toString().endsWith(".jar")) {
                return "java -jar " + quoted(location.toAbsolutePath().toString());
            }
        } catch (URISyntaxException | SecurityException | IllegalArgumentException | NullPointerException e) {
            // fall through to the generic form
        }
        return "java -jar tinyp2p.jar";
    }

    /** Single-quoted for a POSIX shell when it holds anything a shell would split or expand. */
    private static String quoted(String path) {
        return path.matches("[A-Za-z0-9_./+-]+") ? path : "'" + path.replace("'", "'\\''") + "'";
    }
}
