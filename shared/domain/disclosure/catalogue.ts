// 依申请公开 in the directory: the ids intake gives a request's case. No imports, so the web pages
// (which skip them on the appeal form) import them too.

/**
 * 政府信息公开: the catalogue's category of disclosure requests (the seed adds it; a city's own
 * catalogue needs it too, or dispatch has no category to show). Not a routing key: the core sends the
 * request to the body addressed (第二十七条).
 */
export const DISCLOSURE_CATEGORY = 'gov-info-disclosure';

/**
 * 市本级: the district of a request addressed to a city-level body (one without a district of its own).
 * The case needs a district; the applicant's own is not part of a request (第二十九条), and the body's
 * is the one that says where the request is handled.
 */
export const CITY_LEVEL_DISTRICT = 'citywide';
