package dev.spotreplacer.replace;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Terminates a second replacement of the same instance, the kind a spot request cancelled while it
 * launched leaves running and untagged (AutoSpotting's most reported defect). It is tagged first,
 * so that the function's TerminateInstances permission, which requires our tag, covers it and
 * nothing else.
 */
final class Orphans {

  private final Ec2Client ec2;
  private final Progress progress;

  Orphans(Ec2Client ec2, Progress progress) {
    this.ec2 = ec2;
    this.progress = progress;
  }

  void terminate(List<String> instanceIds, String interruptedInstanceId, String replacementId) {
    List<String> orphans = instanceIds.stream()
        .filter(id -> !id.equals(interruptedInstanceId) && !id.equals(replacementId)).distinct().toList();
    if (orphans.isEmpty()) {
      return;
    }
    try {
      ec2.createTags(b -> b.resources(orphans).tags(t -> t.key(TagKeys.REPLACES).value(interruptedInstanceId)));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "CreateTags");
    }
    try {
      ec2.terminateInstances(b -> b.instanceIds(orphans));
    } catch (SdkException e) {
      throw Ec2Errors.translate(e, "TerminateInstances");
    }
    progress.note("terminated " + orphans + ": launched for " + interruptedInstanceId + " beside " + replacementId
        + " by a request cancelled as it launched");
  }
}
