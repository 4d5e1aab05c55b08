-- Stays booked before stays carried a property: the resident's latest registration's property,
-- else their newest active vehicle permit's (REG-4), as booking does now.
UPDATE stays SET property_id = COALESCE(
    (SELECT g.property_id FROM registrations g
      WHERE g.resident_id = stays.resident_id ORDER BY g.seq DESC LIMIT 1),
    (SELECT p.property_id FROM permits p
      WHERE p.resident_id = stays.resident_id AND p.state = 'active' ORDER BY p.seq DESC LIMIT 1))
WHERE property_id IS NULL;
