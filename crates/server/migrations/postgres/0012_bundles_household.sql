-- VP-2, VP-4, VP-5: allowances are counted per household (the registered property within the
-- council), so a bundle records the property it was bought for. Bundles bought before: the
-- buyer's latest registration's property, else their newest active vehicle permit's (REG-4).
ALTER TABLE bundles ADD COLUMN property_id TEXT;
UPDATE bundles SET property_id = COALESCE(
    (SELECT g.property_id FROM registrations g
      WHERE g.resident_id = bundles.resident_id ORDER BY g.seq DESC LIMIT 1),
    (SELECT p.property_id FROM permits p
      WHERE p.resident_id = bundles.resident_id AND p.state = 'active' ORDER BY p.seq DESC LIMIT 1));
CREATE INDEX bundles_property ON bundles (property_id);
