package dev.spotreplacer.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ec2.model.AssociateAddressRequest;
import software.amazon.awssdk.services.ec2.model.AttachNetworkInterfaceRequest;
import software.amazon.awssdk.services.ec2.model.AttachVolumeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.CancelSpotInstanceRequestsRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAddressesRequest;
import software.amazon.awssdk.services.ec2.model.DisassociateAddressRequest;
import software.amazon.awssdk.services.ec2.model.CreateTagsRequest;
import software.amazon.awssdk.services.ec2.model.DeleteLaunchTemplateRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplateVersionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeLaunchTemplatesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypeOfferingsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceTypesRequest;
import software.amazon.awssdk.services.ec2.model.GetSpotPlacementScoresRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceCreditSpecificationsRequest;
import software.amazon.awssdk.services.ec2.model.ModifyInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceStatusRequest;
import software.amazon.awssdk.services.ec2.model.DeleteTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstanceAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotInstanceRequestsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSubnetsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeTagsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeVolumesRequest;
import software.amazon.awssdk.services.ec2.model.RequestSpotInstancesRequest;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesRequest;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/** The EC2 actions the emulator serves: Action name -> SDK request type -> handler. */
final class Ec2Api {

  /** One action: how to build its SDK request from Query parameters and who answers it. */
  private record Route<Q>(Supplier<? extends SdkBuilder<?, Q>> builder, Function<Q, ? extends SdkPojo> handler) {
    SdkPojo call(Market market, Map<String, String> params) {
      Q request = QueryReader.read(builder.get(), params);
      return market.locked(() -> handler.apply(request));
    }
  }

  private final Market market;
  private final Map<String, Route<?>> routes = new LinkedHashMap<>();

  Ec2Api(Market market) {
    this.market = market;
    InstanceActions instances = new InstanceActions(market);
    SpotActions spot = new SpotActions(market);
    PriceActions prices = new PriceActions(market);
    TagActions tags = new TagActions(market);
    NetworkActions network = new NetworkActions(market);
    route("DescribeInstances", DescribeInstancesRequest::builder, instances::describeInstances);
    route("DescribeInstanceAttribute", DescribeInstanceAttributeRequest::builder, instances::describeInstanceAttribute);
    route("ModifyInstanceAttribute", ModifyInstanceAttributeRequest::builder, instances::modifyInstanceAttribute);
    route("DescribeInstanceStatus", DescribeInstanceStatusRequest::builder, instances::describeInstanceStatus);
    route("DescribeInstanceCreditSpecifications", DescribeInstanceCreditSpecificationsRequest::builder,
        instances::describeInstanceCreditSpecifications);
    route("TerminateInstances", TerminateInstancesRequest::builder, instances::terminateInstances);
    route("RequestSpotInstances", RequestSpotInstancesRequest::builder, spot::requestSpotInstances);
    route("DescribeSpotInstanceRequests", DescribeSpotInstanceRequestsRequest::builder,
        spot::describeSpotInstanceRequests);
    route("CancelSpotInstanceRequests", CancelSpotInstanceRequestsRequest::builder, spot::cancelSpotInstanceRequests);
    route("DescribeSpotPriceHistory", DescribeSpotPriceHistoryRequest::builder, prices::describeSpotPriceHistory);
    route("CreateTags", CreateTagsRequest::builder, tags::createTags);
    route("DeleteTags", DeleteTagsRequest::builder, tags::deleteTags);
    route("DescribeTags", DescribeTagsRequest::builder, tags::describeTags);
    route("DescribeSubnets", DescribeSubnetsRequest::builder, network::describeSubnets);
    route("DescribeAvailabilityZones", DescribeAvailabilityZonesRequest::builder, network::describeAvailabilityZones);
    VolumeActions volumes = new VolumeActions(market);
    route("DescribeVolumes", DescribeVolumesRequest::builder, volumes::describeVolumes);
    route("AttachVolume", AttachVolumeRequest::builder, volumes::attachVolume);
    NetworkInterfaceActions nics = new NetworkInterfaceActions(market);
    route("DescribeNetworkInterfaces", DescribeNetworkInterfacesRequest::builder, nics::describeNetworkInterfaces);
    route("AttachNetworkInterface", AttachNetworkInterfaceRequest::builder, nics::attachNetworkInterface);
    AddressActions addresses = new AddressActions(market);
    route("DescribeAddresses", DescribeAddressesRequest::builder, addresses::describeAddresses);
    route("AssociateAddress", AssociateAddressRequest::builder, addresses::associateAddress);
    route("DisassociateAddress", DisassociateAddressRequest::builder, addresses::disassociateAddress);
    CatalogActions catalog = new CatalogActions(market);
    route("DescribeInstanceTypes", DescribeInstanceTypesRequest::builder, catalog::describeInstanceTypes);
    route("DescribeInstanceTypeOfferings", DescribeInstanceTypeOfferingsRequest::builder,
        catalog::describeInstanceTypeOfferings);
    route("GetSpotPlacementScores", GetSpotPlacementScoresRequest::builder, catalog::getSpotPlacementScores);
    LaunchActions launches = new LaunchActions(market);
    route("CreateLaunchTemplate", CreateLaunchTemplateRequest::builder, launches::createLaunchTemplate);
    route("DeleteLaunchTemplate", DeleteLaunchTemplateRequest::builder, launches::deleteLaunchTemplate);
    route("DescribeLaunchTemplates", DescribeLaunchTemplatesRequest::builder, launches::describeLaunchTemplates);
    route("DescribeLaunchTemplateVersions", DescribeLaunchTemplateVersionsRequest::builder,
        launches::describeLaunchTemplateVersions);
    route("CreateFleet", CreateFleetRequest::builder, launches::createFleet);
    route("RunInstances", RunInstancesRequest::builder, launches::runInstances);
  }

  private <Q> void route(
      String action, Supplier<? extends SdkBuilder<?, Q>> builder, Function<Q, ? extends SdkPojo> handler) {
    routes.put(action, new Route<>(builder, handler));
  }

  Set<String> actions() {
    return routes.keySet();
  }

  SdkPojo call(String action, Map<String, String> params) {
    Route<?> route = routes.get(action);
    if (route == null) {
      throw new Ec2Fault("InvalidAction", "The action " + action + " is not valid for this web service.");
    }
    return route.call(market, params);
  }
}
