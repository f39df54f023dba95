package org.tinyp2p.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchCommandTest {
    @TempDir
    Path tmp;

    @Test
    void theLauncherWhenStartedByOne() throws Exception {
        Path jar = Files.createFile(tmp.resolve("tinyp2p.jar"));
        assertEquals("/opt/tinyp2p/bin/tinyp2p", LaunchCommand.of("/opt/tinyp2p/bin/tinyp2p", jar));
        assertEquals("'/home/al ice/tinyp2p/bin/tinyp2p'", LaunchCommand.of("/home/al ice/tinyp2p/bin/tinyp2p", jar));
    }

    @Test
    void javaDashJarWithTheJarsPathOtherwise() throws Exception {
        Path jar = Files.createFile(tmp.resolve("tiny p2p.jar"));
        assertEquals("java -jar '" + jar.toAbsolutePath() + "'", LaunchCommand.of(null, jar));
        assertEquals("java -jar '" + jar.toAbsolutePath() + "'", LaunchCommand.of("", jar));
    }

    @Test
    void theGenericFormFromClassesOrNowhere() {
        assertEquals("java -jar tinyp2p.jar", LaunchCommand.of(null, tmp));
        assertEquals("java -jar tinyp2p.jar", LaunchCommand.of(null, null));
    }
}
