package dev.spotreplacer.replace;

/** A secondary network interface that follows the instance, and the device index it is attached at. */
public record DataInterface(String networkInterfaceId, int deviceIndex) {}
