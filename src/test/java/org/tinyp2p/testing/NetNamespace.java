package org.tinyp2p.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, joined to this one by a veth pair: inside it, the outside end's address
 * is a LAN address (not loopback), which is what tests of the rules about local-only addresses need; nothing of
 * it is visible beyond this machine. {@link #close} deletes the namespace and with it the pair.
 */
public final class NetNamespace implements AutoCloseable {
    public final String name;
    /** This namespace's end of the pair, as seen from inside. */
    public final String outsideAddress;
    public final String insideAddress;

    private NetNamespace(String name, String outsideAddress, String insideAddress) {
        this.name = name;
        this.outsideAddress = outsideAddress;
        this.insideAddress = insideAddress;
    }

    /** Why namespaces cannot be made here (not root, no {@code ip}), or null when they can. */
    public static String unavailable() {
        try {
            Process probe = new ProcessBuilder("ip", "netns", "list").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(10, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                return "'ip netns' does not work here";
            }
        } catch (IOException e) {
            return "no 'ip' command: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        return "root".equals(System.getProperty("user.name")) ? null : "making a network namespace needs root";
    }

    public static NetNamespace create() throws IOException, InterruptedException {
        int id = ThreadLocalRandom.current().nextInt(1, 250);
        String name = "tinyp2p-test-" + ProcessHandle.current().pid() + "-" + id;
        String outside = "10.231." + id + ".1";
        String inside = "10.231." + id + ".2";
        String outsideLink = "tp2o" + ProcessHandle.current().pid() % 100_000 + id;
        String insideLink = "tp2i" + ProcessHandle.current().pid() % 100_000 + id;
        NetNamespace ns = new NetNamespace(name, outside, inside);
        try {
            run("ip", "netns", "add", name);
            run("ip", "link", "add", outsideLink, "type", "veth", "peer", "name", insideLink, "netns", name);
            run("ip", "addr", "add", outside + "/30", "dev", outsideLink);
            run("ip", "link", "set", outsideLink, "up");
            run("ip", "netns", "exec", name, "ip", "addr", "add", inside + "/30", "dev", insideLink);
            run("ip", "netns", "exec", name, "ip", "link", "set", insideLink, "up");
            run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /** The prefix that runs a command inside. */
    public List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("ip", "netns", "del", name); // takes the veth pair with it
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}
