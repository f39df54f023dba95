package org.tinyp2p.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tinyp2p.testing.FreePorts;
import org.tinyp2p.testing.RunningProcess;

/**
 * The yardstick: rsync with {@code --fsync} (a temporary file renamed into place, a whole-file checksum, the
 * bytes on disk), from an rsync daemon and over ssh, each on a free loopback port with a throwaway
 * configuration and keys in the benchmark's folder. Installs rsync and openssh-server from Debian's packages
 * when they are missing and this is root; {@link #missing} says why a contender cannot run.
 */
final class Rsync implements AutoCloseable {
    private final Path work;
    private final List<RunningProcess> started = new ArrayList<>();
    private int daemonPort;
    private int sshPort;
    private Path key;
    String missing;

    Rsync(Path work) {
        this.work = work;
    }

    /** Starts an rsync daemon and an sshd sharing {@code folder} (module {@code bench}); false if they cannot run. */
    boolean start(Path folder) throws Exception {
        if (!installed()) {
            return false;
        }
        Path conf = Files.writeString(work.resolve("rsyncd.conf"), "use chroot = no\nnumeric ids = yes\n[bench]\n  path = "
                + folder + "\n  read only = yes\n");
        daemonPort = FreePorts.next();
        started.add(RunningProcess.start(work, Map.of(), List.of("rsync", "--daemon", "--no-detach", "--config=" + conf,
                "--address=127.0.0.1", "--port=" + daemonPort)));
        Path ssh = Files.createDirectories(work.resolve("ssh"));
        Path hostKey = ssh.resolve("host_ed25519");
        key = ssh.resolve("client_ed25519");
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key.toString()));
        Files.copy(ssh.resolve("client_ed25519.pub"), ssh.resolve("authorized_keys"));
        Files.createDirectories(Path.of("/run/sshd"));
        sshPort = FreePorts.next();
        Path config = Files.writeString(ssh.resolve("sshd_config"), String.join("\n",
                "Port " + sshPort, "ListenAddress 127.0.0.1", "HostKey " + hostKey, "AuthorizedKeysFile " + ssh.resolve("authorized_keys"),
                "PermitRootLogin yes", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "UsePAM no", "StrictModes no",
                "PidFile " + ssh.resolve("sshd.pid"), "") );
        RunningProcess sshd = RunningProcess.start(work, Map.of(), List.of("/usr/sbin/sshd", "-D", "-e", "-f", config.toString()));
        started.add(sshd);
        sshd.awaitOutput("Server listening on 127.0.0.1 port " + sshPort, Duration.ofSeconds(20));
        return true;
    }

    /** rsync --fsync of {@code path} (below the shared folder) from the daemon into the current folder. */
    List<String> fromDaemon(String path, boolean recursive) {
        List<String> command = new ArrayList<>(List.of("rsync", "--fsync", "--whole-file"));
        if (recursive) {
            command.add("-r");
        }
        command.addAll(List.of("rsync://127.0.0.1:" + daemonPort + "/bench/" + path, "."));
        return command;
    }

    /** The same over ssh (encrypted, as tinyp2p is). */
    List<String> overSsh(Path file, boolean recursive) {
        List<String> command = new ArrayList<>(List.of("rsync", "--fsync", "--whole-file"));
        if (recursive) {
            command.add("-r");
        }
        command.addAll(List.of("-e", "ssh -p " + sshPort + " -i " + key + " -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR",
                "127.0.0.1:" + file + (recursive ? "/" : ""), "."));
        return command;
    }

    private boolean installed() throws Exception {
        if (has("rsync") && Files.isExecutable(Path.of("/usr/sbin/sshd")) && has("ssh-keygen")) {
            return true;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            missing = "rsync or sshd is missing and this is not root to install them";
            return false;
        }
        RunningProcess install = RunningProcess.start(work, Map.of("DEBIAN_FRONTEND", "noninteractive"), List.of("sh", "-c",
                "apt-get install -y -q rsync openssh-server openssh-client || (apt-get update -q && apt-get install -y -q rsync openssh-server openssh-client)"));
        if (install.exitCode(Duration.ofMinutes(10)) != 0) {
            missing = "could not install rsync and openssh-server from Debian's packages";
            return false;
        }
        return true;
    }

    private static boolean has(String command) throws Exception {
        RunningProcess which = RunningProcess.start(Path.of("."), Map.of(), List.of("sh", "-c", "command -v " + command));
        return which.exitCode(Duration.ofSeconds(10)) == 0;
    }

    private void run(List<String> command) throws IOException {
        RunningProcess process = RunningProcess.start(work, Map.of(), command);
        if (process.exitCode(Duration.ofSeconds(30)) != 0) {
            throw new IOException(process.transcript());
        }
    }

    @Override
    public void close() {
        started.forEach(RunningProcess::close);
    }
}
