package dev.spotreplacer.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for many threads at once, as a discrete-event scheduler: a sleeping thread waits
 * until virtual time reaches its wake-up, and time jumps to the earliest wake-up only once every
 * participant is asleep. A participant is a unit of work that counts as busy until it sleeps:
 * {@link #join()} before starting one, {@link #leave()} when it is done. Whoever sleeps stands for
 * one participant while asleep, so a server thread that delays its answer stands for the caller
 * blocked on it.
 *
 * <p>Unlike {@link VirtualClock}, whose sleep just adds to the time, concurrent sleepers here do not
 * race time forward: 500 flows that each sleep one second end one second later, not 500.
 */
public final class SteppingClock extends UtcClock implements Sleeper {

  /** A run in which nothing moves for this long (wall time) is stuck; fail instead of hanging. */
  private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(120);

  private final ReentrantLock lock = new ReentrantLock();
  private final PriorityQueue<Wake> sleepers =
      new PriorityQueue<>(Comparator.comparingLong(Wake::at).thenComparingLong(Wake::order));
  private final long resolutionMillis;
  private volatile long nowMillis;
  private int busy;
  private long order;
  private long lastMoveNanos = System.nanoTime();

  /** Exact: every sleeper wakes exactly at its wake-up time. */
  public SteppingClock(Instant start) {
    this(start, Duration.ZERO);
  }

  /**
   * With a resolution, sleepers due within {@code resolution} of the earliest wake-up wake
   * together at the latest of their times: late by less than the resolution, never early, and many
   * threads run in each step instead of one, which keeps big runs fast in wall time.
   */
  public SteppingClock(Instant start, Duration resolution) {
    if (resolution.isNegative()) {
      throw new IllegalArgumentException("resolution < 0: " + resolution);
    }
    this.nowMillis = start.toEpochMilli();
    this.resolutionMillis = resolution.toMillis();
  }

  /** One more unit of work that keeps time still until it sleeps or leaves. */
  public void join() {
    lock.lock();
    try {
      busy++;
      lastMoveNanos = System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  /** A unit of work is done; if everybody else sleeps, time moves on. */
  public void leave() {
    lock.lock();
    try {
      busy--;
      lastMoveNanos = System.nanoTime();
      advanceIfIdle();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration < 0: " + duration);
    }
    if (duration.isZero()) {
      return;
    }
    lock.lock();
    try {
      Wake wake = new Wake(nowMillis + Sleeper.wholeMillis(duration), order++, lock.newCondition());
      sleepers.add(wake);
      busy--;
      advanceIfIdle();
      while (!wake.woken) {
        try {
          wake.signal.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          if (!wake.woken) {
            sleepers.remove(wake);
            busy++;
          }
          throw e;
        }
        if (!wake.woken && System.nanoTime() - lastMoveNanos > STALL_NANOS) {
          sleepers.remove(wake);
          busy++;
          throw new IllegalStateException("virtual time is stuck at " + Instant.ofEpochMilli(nowMillis) + ": "
              + busy + " participant(s) busy for 120 s of wall time (one is blocked on something other than"
              + " this clock)");
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /** Called with the lock held: when nobody is busy, jump to the earliest wake-up and wake its sleepers. */
  private void advanceIfIdle() {
    if (busy > 0 || sleepers.isEmpty()) {
      return;
    }
    long horizon = sleepers.peek().at() + Math.max(0, resolutionMillis - 1);
    long next = sleepers.peek().at();
    for (Wake wake : sleepers) {
      if (wake.at() <= horizon && wake.at() > next) {
        next = wake.at();
      }
    }
    if (next > nowMillis) {
      nowMillis = next;
    }
    lastMoveNanos = System.nanoTime();
    while (!sleepers.isEmpty() && sleepers.peek().at() <= nowMillis) {
      Wake wake = sleepers.poll();
      // Counted busy here, not when the thread runs, so time cannot skip past it meanwhile.
      wake.woken = true;
      busy++;
      wake.signal.signal();
    }
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(nowMillis);
  }

  @Override
  public long millis() {
    return nowMillis;
  }



  /** One sleeper's wake-up; {@code woken} is only touched under the clock's lock. */
  private static final class Wake {
    private final long at;
    private final long order;
    private final Condition signal;
    private boolean woken;

    Wake(long at, long order, Condition signal) {
      this.at = at;
      this.order = order;
      this.signal = signal;
    }

    long at() {
      return at;
    }

    long order() {
      return order;
    }
  }
}
