package dev.spotreplacer.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The emulated AWS Price List for EC2: for each on-demand price of the scenario, the product a
 * well-filtered query finds (shared tenancy, no pre-installed software, capacity status Used,
 * licence included), beside the products of the same type that a loose query would also find at
 * other prices: capacity reservations (unused at the same price, allocated at none), dedicated
 * tenancy and pre-installed SQL Server Web. Each product is the JSON document GetProducts returns:
 * {@code product} (family, attributes, SKU), {@code serviceCode}, {@code terms} (OnDemand, and
 * Reserved for the main product) with hourly price dimensions in USD, {@code version},
 * {@code publicationDate}.
 */
final class PriceBook {

  /** One product: its SKU, the attributes a filter may name (productFamily among them), its document. */
  record Product(String sku, Map<String, String> attributes, String document) {}

  static final String SERVICE_CODE = "AmazonEC2";
  private static final String FAMILY = "Compute Instance";
  private static final String PUBLISHED = "2026-11-01T00:00:00Z";
  private static final String VERSION = "20261101000000";
  /** The on-demand offer term and hourly rate codes that the published price list files use. */
  private static final String ON_DEMAND_TERM = "JRTCKXETXF";
  private static final String HOURLY_RATE = "6YS6EN2CT7";
  /** The emulator's own code for its one reserved offer (one year, no upfront). */
  private static final String RESERVED_TERM = "SIMRSV1YNU";
  private static final BigDecimal DEDICATED_FACTOR = new BigDecimal("1.1");
  private static final BigDecimal RESERVED_FACTOR = new BigDecimal("0.6");
  private static final BigDecimal SQL_WEB_EXTRA = new BigDecimal("0.04");

  private final List<Product> products;

  PriceBook(List<OnDemandPriceSpec> prices) {
    ObjectMapper json = new ObjectMapper();
    List<Product> built = new ArrayList<>();
    for (OnDemandPriceSpec spec : prices) {
      BigDecimal p = spec.price();
      built.add(product(json, spec, "Shared", "NA", "Used", p, true));
      built.add(product(json, spec, "Shared", "NA", "UnusedCapacityReservation", p, false));
      built.add(product(json, spec, "Shared", "NA", "AllocatedCapacityReservation", BigDecimal.ZERO, false));
      built.add(product(json, spec, "Dedicated", "NA", "Used", p.multiply(DEDICATED_FACTOR), false));
      built.add(product(json, spec, "Shared", "SQL Web", "Used", p.add(SQL_WEB_EXTRA), false));
    }
    this.products = List.copyOf(built);
  }

  List<Product> products() {
    return products;
  }

  private static Product product(ObjectMapper json, OnDemandPriceSpec spec, String tenancy, String software,
      String capacity, BigDecimal hourly, boolean reserved) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("servicecode", SERVICE_CODE);
    attributes.put("regionCode", spec.region());
    attributes.put("instanceType", spec.instanceType());
    attributes.put("operatingSystem", spec.operatingSystem());
    attributes.put("tenancy", tenancy);
    attributes.put("preInstalledSw", software);
    attributes.put("licenseModel", "No License required");
    attributes.put("capacitystatus", capacity);
    String sku = sku(String.join("|", attributes.values()));
    ObjectNode document = json.createObjectNode();
    ObjectNode product = document.putObject("product");
    product.put("productFamily", FAMILY);
    ObjectNode attributeNode = product.putObject("attributes");
    attributes.forEach(attributeNode::put);
    product.put("sku", sku);
    document.put("serviceCode", SERVICE_CODE);
    ObjectNode terms = document.putObject("terms");
    String description = "$" + hourly.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
        + " per On Demand " + spec.operatingSystem() + " " + spec.instanceType() + " " + tenancy + " Instance Hour";
    term(terms.putObject("OnDemand"), sku, ON_DEMAND_TERM, hourly, description);
    if (reserved) {
      ObjectNode offer = term(terms.putObject("Reserved"), sku, RESERVED_TERM, hourly.multiply(RESERVED_FACTOR),
          spec.operatingSystem() + " " + spec.instanceType() + " reserved instance applied");
      offer.putObject("termAttributes").put("LeaseContractLength", "1yr").put("OfferingClass", "standard")
          .put("PurchaseOption", "No Upfront");
    }
    document.put("version", VERSION);
    document.put("publicationDate", PUBLISHED);
    attributes.put("productFamily", FAMILY);
    return new Product(sku, Map.copyOf(attributes), document.toString());
  }

  /** One offer term with one hourly price dimension; returns the offer, for its term attributes. */
  private static ObjectNode term(ObjectNode byOffer, String sku, String offerCode, BigDecimal hourly,
      String description) {
    ObjectNode offer = byOffer.putObject(sku + "." + offerCode);
    offer.put("offerTermCode", offerCode);
    offer.put("sku", sku);
    offer.put("effectiveDate", PUBLISHED);
    String rateCode = sku + "." + offerCode + "." + HOURLY_RATE;
    ObjectNode dimension = offer.putObject("priceDimensions").putObject(rateCode);
    dimension.put("rateCode", rateCode);
    dimension.put("description", description);
    dimension.put("beginRange", "0");
    dimension.put("endRange", "Inf");
    dimension.put("unit", "Hrs");
    dimension.putArray("appliesTo");
    dimension.putObject("pricePerUnit").put("USD", hourly.setScale(10, RoundingMode.HALF_UP).toPlainString());
    offer.putObject("termAttributes");
    return offer;
  }

  /** A stable 16-character SKU in the Price List's alphabet (upper-case letters and digits). */
  private static String sku(String key) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder sku = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sku.append(alphabet.charAt(digest[i] & 31));
    }
    return sku.toString();
  }
}
