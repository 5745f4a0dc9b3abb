-- Claims about a weapon system (here: the 240 mm rocket launchers), whoever makes them
SELECT c.article_id, c.id AS claim, w.name AS weapon, cw.role, src.name AS source,
       c.certainty, c.statement
FROM claim_weapons cw
JOIN weapon_systems w ON w.article_id = cw.article_id AND w.id = cw.weapon_id
JOIN claims c ON c.article_id = cw.article_id AND c.id = cw.claim_id
LEFT JOIN actors src ON src.article_id = c.article_id AND src.id = c.claimant
WHERE w.category = 'rocket_launcher' AND w.caliber_mm = 240
ORDER BY c.article_id, c.id;
