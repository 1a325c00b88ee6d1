package dev.spotreplacer.aws;

import java.util.function.Function;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ServiceClientConfiguration;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateResponse;
import software.amazon.awssdk.services.ec2.model.*;

/**
 * An {@link Ec2Client} that hands each call of the actions listed here to {@link #call}, for
 * decorators (counting, prefetching) that must not cost a cold start.
 *
 * <p>Written out by hand rather than as a {@code java.lang.reflect.Proxy}: a proxy of
 * {@code Ec2Client} makes the JVM load and initialise all of the interface's ~2,800 request and
 * response types (about 12,000 classes, 3 s of a cold start). The price is this list: an action
 * missing here fails with {@code UnsupportedOperationException}; ForwardingEc2ClientTest checks that
 * every EC2 method named in the main sources is listed. Consumer-builder overloads and paginators
 * are {@code Ec2Client} default methods that end in these, so they are covered too.
 */
public abstract class ForwardingEc2Client implements Ec2Client {

  private final Ec2Client delegate;

  protected ForwardingEc2Client(Ec2Client delegate) {
    this.delegate = delegate;
  }

  /** Runs one call of {@code action}; {@code live} sends {@code request} to the wrapped client. */
  protected abstract <Q extends Ec2Request, R extends Ec2Response> R call(String action, Q request, Function<Q, R> live);

  @Override
  public final String serviceName() {
    return delegate.serviceName();
  }

  @Override
  public final Ec2ServiceClientConfiguration serviceClientConfiguration() {
    return delegate.serviceClientConfiguration();
  }

  /** The wrapped client is shared and outlives this view of it: closing the view closes nothing. */
  @Override
  public void close() {
  }

  @Override
  public final AssociateAddressResponse associateAddress(AssociateAddressRequest request) {
    return call("AssociateAddress", request, delegate::associateAddress);
  }

  @Override
  public final AttachVolumeResponse attachVolume(AttachVolumeRequest request) {
    return call("AttachVolume", request, delegate::attachVolume);
  }

  @Override
  public final CancelSpotInstanceRequestsResponse cancelSpotInstanceRequests(CancelSpotInstanceRequestsRequest request) {
    return call("CancelSpotInstanceRequests", request, delegate::cancelSpotInstanceRequests);
  }

  @Override
  public final CreateFleetResponse createFleet(CreateFleetRequest request) {
    return call("CreateFleet", request, delegate::createFleet);
  }

  @Override
  public final CreateLaunchTemplateResponse createLaunchTemplate(CreateLaunchTemplateRequest request) {
    return call("CreateLaunchTemplate", request, delegate::createLaunchTemplate);
  }

  @Override
  public final CreateTagsResponse createTags(CreateTagsRequest request) {
    return call("CreateTags", request, delegate::createTags);
  }

  @Override
  public final DeleteLaunchTemplateResponse deleteLaunchTemplate(DeleteLaunchTemplateRequest request) {
    return call("DeleteLaunchTemplate", request, delegate::deleteLaunchTemplate);
  }

  @Override
  public final DescribeLaunchTemplatesResponse describeLaunchTemplates(DescribeLaunchTemplatesRequest request) {
    return call("DescribeLaunchTemplates", request, delegate::describeLaunchTemplates);
  }

  @Override
  public final DeleteTagsResponse deleteTags(DeleteTagsRequest request) {
    return call("DeleteTags", request, delegate::deleteTags);
  }

  @Override
  public final DescribeAddressesResponse describeAddresses(DescribeAddressesRequest request) {
    return call("DescribeAddresses", request, delegate::describeAddresses);
  }

  @Override
  public final DescribeAvailabilityZonesResponse describeAvailabilityZones(DescribeAvailabilityZonesRequest request) {
    return call("DescribeAvailabilityZones", request, delegate::describeAvailabilityZones);
  }

  @Override
  public final DescribeFleetsResponse describeFleets(DescribeFleetsRequest request) {
    return call("DescribeFleets", request, delegate::describeFleets);
  }

  @Override
  public final DescribeImagesResponse describeImages(DescribeImagesRequest request) {
    return call("DescribeImages", request, delegate::describeImages);
  }

  @Override
  public final DescribeInstanceAttributeResponse describeInstanceAttribute(DescribeInstanceAttributeRequest request) {
    return call("DescribeInstanceAttribute", request, delegate::describeInstanceAttribute);
  }

  @Override
  public final DescribeInstanceStatusResponse describeInstanceStatus(DescribeInstanceStatusRequest request) {
    return call("DescribeInstanceStatus", request, delegate::describeInstanceStatus);
  }

  @Override
  public final DescribeInstanceTypeOfferingsResponse describeInstanceTypeOfferings(DescribeInstanceTypeOfferingsRequest request) {
    return call("DescribeInstanceTypeOfferings", request, delegate::describeInstanceTypeOfferings);
  }

  @Override
  public final DescribeInstanceTypesResponse describeInstanceTypes(DescribeInstanceTypesRequest request) {
    return call("DescribeInstanceTypes", request, delegate::describeInstanceTypes);
  }

  @Override
  public final DescribeInstancesResponse describeInstances(DescribeInstancesRequest request) {
    return call("DescribeInstances", request, delegate::describeInstances);
  }

  @Override
  public final DescribeLaunchTemplateVersionsResponse describeLaunchTemplateVersions(DescribeLaunchTemplateVersionsRequest request) {
    return call("DescribeLaunchTemplateVersions", request, delegate::describeLaunchTemplateVersions);
  }

  @Override
  public final DescribeNetworkInterfacesResponse describeNetworkInterfaces(DescribeNetworkInterfacesRequest request) {
    return call("DescribeNetworkInterfaces", request, delegate::describeNetworkInterfaces);
  }

  @Override
  public final DescribeSecurityGroupsResponse describeSecurityGroups(DescribeSecurityGroupsRequest request) {
    return call("DescribeSecurityGroups", request, delegate::describeSecurityGroups);
  }

  @Override
  public final DescribeSpotInstanceRequestsResponse describeSpotInstanceRequests(DescribeSpotInstanceRequestsRequest request) {
    return call("DescribeSpotInstanceRequests", request, delegate::describeSpotInstanceRequests);
  }

  @Override
  public final DescribeSpotPriceHistoryResponse describeSpotPriceHistory(DescribeSpotPriceHistoryRequest request) {
    return call("DescribeSpotPriceHistory", request, delegate::describeSpotPriceHistory);
  }

  @Override
  public final DescribeSubnetsResponse describeSubnets(DescribeSubnetsRequest request) {
    return call("DescribeSubnets", request, delegate::describeSubnets);
  }

  @Override
  public final DescribeTagsResponse describeTags(DescribeTagsRequest request) {
    return call("DescribeTags", request, delegate::describeTags);
  }

  @Override
  public final DescribeVolumesResponse describeVolumes(DescribeVolumesRequest request) {
    return call("DescribeVolumes", request, delegate::describeVolumes);
  }

  @Override
  public final DetachVolumeResponse detachVolume(DetachVolumeRequest request) {
    return call("DetachVolume", request, delegate::detachVolume);
  }

  @Override
  public final DisassociateAddressResponse disassociateAddress(DisassociateAddressRequest request) {
    return call("DisassociateAddress", request, delegate::disassociateAddress);
  }

  @Override
  public final GetSpotPlacementScoresResponse getSpotPlacementScores(GetSpotPlacementScoresRequest request) {
    return call("GetSpotPlacementScores", request, delegate::getSpotPlacementScores);
  }

  @Override
  public final ModifyInstanceAttributeResponse modifyInstanceAttribute(ModifyInstanceAttributeRequest request) {
    return call("ModifyInstanceAttribute", request, delegate::modifyInstanceAttribute);
  }

  @Override
  public final RequestSpotInstancesResponse requestSpotInstances(RequestSpotInstancesRequest request) {
    return call("RequestSpotInstances", request, delegate::requestSpotInstances);
  }

  @Override
  public final AttachNetworkInterfaceResponse attachNetworkInterface(AttachNetworkInterfaceRequest request) {
    return call("AttachNetworkInterface", request, delegate::attachNetworkInterface);
  }

  @Override
  public final DescribeInstanceCreditSpecificationsResponse describeInstanceCreditSpecifications(
      DescribeInstanceCreditSpecificationsRequest request) {
    return call("DescribeInstanceCreditSpecifications", request, delegate::describeInstanceCreditSpecifications);
  }

  @Override
  public final RunInstancesResponse runInstances(RunInstancesRequest request) {
    return call("RunInstances", request, delegate::runInstances);
  }

  @Override
  public final StopInstancesResponse stopInstances(StopInstancesRequest request) {
    return call("StopInstances", request, delegate::stopInstances);
  }

  @Override
  public final TerminateInstancesResponse terminateInstances(TerminateInstancesRequest request) {
    return call("TerminateInstances", request, delegate::terminateInstances);
  }
}
