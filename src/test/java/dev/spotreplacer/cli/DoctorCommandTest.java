package dev.spotreplacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** doctor on the emulator: everything the function needs is there; what it cannot see, it says how to check. */
class DoctorCommandTest {

  @Test
  void onTheEmulator_everyCheckablePermissionIsOk_andTheRestSaysHowToCheck() {
    StringWriter out = new StringWriter();
    int exit = Main.run(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), "doctor", "--simulate");

    assertThat(exit).isZero();
    assertThat(out.toString().lines().filter(l -> l.startsWith("ok")).map(l -> l.split("\\s+")[1]).toList())
        .containsExactly("credentials", "region", "ec2:DescribeInstances", "ec2:DescribeSpotPriceHistory",
            "ec2:DescribeSpotInstanceRequests", "ec2:RequestSpotInstances", "ec2:CancelSpotInstanceRequests",
            "ec2:CreateTags");
    assertThat(out.toString()).contains("unknown spot service-linked role         not checked from here\n"
        + "                                         -> check with: aws iam get-role --role-name AWSServiceRoleForEC2Spot;"
        + " create with: aws iam create-service-linked-role --aws-service-name spot.amazonaws.com");
  }
}
