package dev.spotreplacer.replace;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Milliseconds from the start of the invocation to each milestone; null when not reached. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Timings(Long requestSentMs, Long fulfilledMs, Long runningMs, long totalMs) {}
