-- Claims relayed by an actor (here: Lee Seong-kweun), with their original source
SELECT c.article_id, c.id AS claim, src.name AS source, relay.name AS relayed_by, c.cue,
       c.certainty, c.statement
FROM claim_actors ca
JOIN actors relay ON relay.article_id = ca.article_id AND relay.id = ca.actor_id
JOIN claims c ON c.article_id = ca.article_id AND c.id = ca.claim_id
LEFT JOIN actors src ON src.article_id = c.article_id AND src.id = c.claimant
WHERE ca.role = 'relay' AND relay.name = 'Lee Seong-kweun'
ORDER BY c.article_id, c.id;
