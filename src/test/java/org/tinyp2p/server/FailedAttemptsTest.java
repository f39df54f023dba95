package org.tinyp2p.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailedAttemptsTest {
    final AtomicLong now = new AtomicLong(1_000_000);
    final FailedAttempts failures = new FailedAttempts(now::get);

    @Test
    void anAddressIsTurnedAwayAfterItsAllowanceUntilTheOldestFailureIsAMinuteOld() throws Exception {
        InetAddress guesser = InetAddress.getByName("192.0.2.7");
        InetAddress friend = InetAddress.getByName("192.0.2.8");
        for (int i = 0; i < FailedAttempts.ALLOWED; i++) {
            assertEquals(0, failures.waitSeconds(guesser), "attempt " + i);
            failures.failed(guesser);
            now.addAndGet(1000);
        }
        assertEquals(55, failures.waitSeconds(guesser), "the oldest failure is 5 s old");
        assertEquals(0, failures.waitSeconds(friend), "other addresses go on");
        now.addAndGet(55_000);
        assertEquals(0, failures.waitSeconds(guesser), "one failure has aged out: one more guess");
        failures.failed(guesser);
        assertEquals(1, failures.waitSeconds(guesser));
    }

    @Test
    void provingThePasswordNeverCountsAgainstAnAddress() throws Exception {
        InetAddress friend = InetAddress.getByName("192.0.2.9");
        for (int i = 0; i < FailedAttempts.ALLOWED + 3; i++) {
            failures.proven(friend);
        }
        assertEquals(0, failures.waitSeconds(friend));
    }

    @Test
    void anIpv6GuesserCannotTakeAFreshAddressOfItsNetworkForEveryFewGuesses() throws Exception {
        for (int i = 0; i < FailedAttempts.NETWORK_ALLOWED; i++) {
            InetAddress fresh = InetAddress.getByName("2001:db8:1:2::" + Integer.toHexString(i + 1));
            assertEquals(0, failures.waitSeconds(fresh), "guess " + i);
            failures.failed(fresh);
        }
        assertEquals(60, failures.waitSeconds(InetAddress.getByName("2001:db8:1:2:ffff::77")), "the same /64");
        assertEquals(0, failures.waitSeconds(InetAddress.getByName("2001:db8:1:3::1")), "the next /64 goes on");
        assertEquals(0, failures.waitSeconds(InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void aStrangerSpendingItsNetworksAllowanceDoesNotKeepOutHostsThatProvedThePassword() throws Exception {
        InetAddress friend = InetAddress.getByName("fd77:1::30");
        failures.proven(friend); // the friend proved the password earlier today
        now.addAndGet(3_600_000);
        for (int i = 0; i < FailedAttempts.NETWORK_ALLOWED; i++) {
            failures.failed(InetAddress.getByName("fd77:1::" + Integer.toHexString(0x100 + i)));
        }
        assertEquals(0, failures.waitSeconds(friend), "a host that proved the password goes on");
        assertEquals(60, failures.waitSeconds(InetAddress.getByName("fd77:1::99")), "a new host of that /64 waits");
        now.addAndGet(FailedAttempts.TRUSTED_MILLIS);
        assertEquals(0, failures.waitSeconds(InetAddress.getByName("fd77:1::99")), "the failures aged out");
    }

    @Test
    void guessesFromManyAddressesMeetTheServersAllowanceWhichMembersItKnowsDoNotShare() throws Exception {
        InetAddress member = InetAddress.getByName("192.0.2.200");
        failures.proven(member);
        for (int i = 0; i < FailedAttempts.SERVER_ALLOWED; i++) {
            InetAddress guesser = InetAddress.getByName("198.51.100." + (i / 4 + 1)); // 4 guesses each: under their own allowance
            assertEquals(0, failures.waitSeconds(guesser), "guess " + i);
            failures.failed(guesser);
            now.addAndGet(1000);
        }
        FailedAttempts.Holdback newcomer = failures.holdback(InetAddress.getByName("198.51.100.77"));
        assertEquals(FailedAttempts.Scope.SERVER, newcomer.scope());
        assertEquals(30, newcomer.seconds(), "the oldest of the 30 is 30 s old");
        assertEquals(FailedAttempts.Holdback.NONE, failures.holdback(member), "a member the server knows goes on");
        failures.failed(member); // a member's own mistake counts against it only
        now.addAndGet(30_000);
        assertEquals(0, failures.waitSeconds(InetAddress.getByName("198.51.100.77")), "the oldest guess aged out");
    }

    @Test
    void aHeldBackCallerIsToldWhichAllowanceIsSpent() throws Exception {
        InetAddress guesser = InetAddress.getByName("2001:db8:9::1");
        for (int i = 0; i < FailedAttempts.ALLOWED; i++) {
            failures.failed(guesser);
        }
        assertEquals(FailedAttempts.Scope.ADDRESS, failures.holdback(guesser).scope());
        for (int i = 0; i < FailedAttempts.NETWORK_ALLOWED; i++) {
            failures.failed(InetAddress.getByName("2001:db8:9::" + Integer.toHexString(0x100 + i)));
        }
        assertEquals(FailedAttempts.Scope.NETWORK, failures.holdback(InetAddress.getByName("2001:db8:9::2")).scope());
        assertEquals(0, failures.waitSeconds(InetAddress.getByName("2001:db8:a::2")), "20 failures: under the server's 30");
    }

    @Test
    void oneMachineProvingFromThousandsOfItsAddressesCannotPushOtherMembersOutOfTrust() throws Exception {
        InetAddress member = InetAddress.getByName("192.0.2.50");
        InetAddress neighbour = InetAddress.getByName("2001:db8:77::5");
        failures.proven(member);
        failures.proven(neighbour);
        for (int i = 0; i < 12_000; i++) {
            failures.proven(InetAddress.getByName("2001:db8:66::" + Integer.toHexString(i + 1))); // a member gone bad, one /64
        }
        assertTrue(failures.trusted(member), "still trusted");
        assertTrue(failures.trusted(neighbour));
        assertTrue(failures.trusted(InetAddress.getByName("2001:db8:66::" + Integer.toHexString(12_000))), "its latest");
        assertFalse(failures.trusted(InetAddress.getByName("2001:db8:66::1")), "its oldest gave way to its own");
    }

    @Test
    void provingFromTenThousandIpv4AddressesPushesOutTheProversOwnNotOtherMembers() throws Exception {
        InetAddress member = InetAddress.getByName("192.0.2.50");
        failures.proven(member);
        for (int i = 0; i < 10_050; i++) {
            failures.proven(InetAddress.getByName("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)));
        }
        assertTrue(failures.trusted(member), "a member in a /24 of its own keeps its trust");
    }
}
