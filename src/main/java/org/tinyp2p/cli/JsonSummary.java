package org.tinyp2p.cli;

import java.util.List;
import java.util.Locale;
import org.tinyp2p.client.RunSummary;
import org.tinyp2p.peer.PeerUrl;

/**
 * The client's --json output: one object on stdout, for scripts. Hand-written because it is one small,
 * fixed shape; strings are escaped per RFC 8259 (names from peers may hold anything a name can).
 */
final class JsonSummary {
    private JsonSummary() {
    }

    static String of(RunSummary summary) {
        StringBuilder json = new StringBuilder("{");
        json.append("\"dry_run\":").append(summary.dryRun());
        json.append(",\"fetched\":");
        outcomes(json, summary.fetched(), false);
        json.append(",\"skipped\":");
        outcomes(json, summary.skipped(), true);
        json.append(",\"failed\":");
        outcomes(json, summary.failed(), true);
        json.append(",\"peers_reached\":");
        peers(json, summary.reached());
        json.append(",\"peers_unreachable\":");
        peers(json, summary.unreachable());
        json.append(",\"bytes\":").append(summary.bytes());
        json.append(",\"seconds\":").append(String.format(Locale.ROOT, "%.3f", summary.time().toNanos() / 1e9));
        return json.append('}').toString();
    }

    private static void outcomes(StringBuilder json, List<RunSummary.Outcome> outcomes, boolean withReason) {
        json.append('[');
        for (int i = 0; i < outcomes.size(); i++) {
            RunSummary.Outcome o = outcomes.get(i);
            json.append(i == 0 ? "{" : ",{");
            json.append("\"name\":");
            string(json, o.name());
            json.append(",\"size\":").append(o.size() < 0 ? "null" : Long.toString(o.size()));
            json.append(",\"sha256\":");
            string(json, o.sha256());
            json.append(",\"peer\":");
            string(json, o.peer() == null ? null : o.peer().toString());
            if (withReason) {
                json.append(",\"reason\":");
                string(json, o.reason());
            }
            json.append('}');
        }
        json.append(']');
    }

    private static void peers(StringBuilder json, List<PeerUrl> peers) {
        json.append('[');
        for (int i = 0; i < peers.size(); i++) {
            if (i > 0) {
                json.append(',');
            }
            string(json, peers.get(i).toString());
        }
        json.append(']');
    }

    static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validPair(value, i)) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static boolean validPair(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
