package dev.spotreplacer.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateBlockDeviceMappingRequest;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateTagSpecificationRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.ResponseLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Launch templates keep their data and tags, and are found by name or tag, as in EC2. */
class LaunchTemplatesTest {

  @Test
  void template_isDescribedWithItsTags_andItsDataComesBackAsLaunchTemplateData() {
    try (EmulatorFixture f = EmulatorFixture.startDefault()) {
      f.ec2.createLaunchTemplate(b -> b.launchTemplateName("plan-1")
          .launchTemplateData(d -> d.imageId("ami-0a1").instanceType("m5.large").keyName("ops")
              .securityGroupIds("sg-0a1").userData("dXNlcg==")
              .iamInstanceProfile(p -> p.arn("arn:aws:iam::123456789012:instance-profile/web"))
              .blockDeviceMappings(LaunchTemplateBlockDeviceMappingRequest.builder().deviceName("/dev/xvda")
                  .ebs(e -> e.volumeSize(30).volumeType("gp3").encrypted(true).deleteOnTermination(true)).build())
              .tagSpecifications(LaunchTemplateTagSpecificationRequest.builder().resourceType(ResourceType.INSTANCE)
                  .tags(Tag.builder().key("Name").value("web-1").build()).build()))
          .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE)
              .tags(Tag.builder().key("plan").value("yes").build()).build()));

      LaunchTemplate byName = f.ec2.describeLaunchTemplates(b -> b.launchTemplateNames("plan-1"))
          .launchTemplates().get(0);
      assertThat(byName.tags()).containsExactly(Tag.builder().key("plan").value("yes").build());
      assertThat(f.ec2.describeLaunchTemplates(b -> b.filters(x -> x.name("tag-key").values("plan")))
          .launchTemplates()).extracting(LaunchTemplate::launchTemplateName).containsExactly("plan-1");
      ResponseLaunchTemplateData data = f.ec2.describeLaunchTemplateVersions(b -> b
          .launchTemplateId(byName.launchTemplateId()).versions("$Latest")).launchTemplateVersions().get(0)
          .launchTemplateData();
      assertThat(data.imageId()).isEqualTo("ami-0a1");
      assertThat(data.instanceTypeAsString()).isEqualTo("m5.large");
      assertThat(data.securityGroupIds()).containsExactly("sg-0a1");
      assertThat(data.iamInstanceProfile().arn()).isEqualTo("arn:aws:iam::123456789012:instance-profile/web");
      assertThat(data.blockDeviceMappings().get(0).ebs().volumeSize()).isEqualTo(30);
      assertThat(data.blockDeviceMappings().get(0).ebs().encrypted()).isTrue();
      assertThat(data.tagSpecifications().get(0).tags()).containsExactly(Tag.builder().key("Name").value("web-1").build());
    }
  }

  @Test
  void unknownName_isNotFound() {
    try (EmulatorFixture f = EmulatorFixture.startDefault()) {
      assertThatThrownBy(() -> f.ec2.describeLaunchTemplates(b -> b.launchTemplateNames("nope")))
          .isInstanceOf(Ec2Exception.class)
          .satisfies(e -> assertThat(((Ec2Exception) e).awsErrorDetails().errorCode())
              .isEqualTo("InvalidLaunchTemplateName.NotFoundException"));
    }
  }
}
