DROP TABLE demonstration_reviews;
DROP TABLE demonstration_applications;
DROP TABLE demonstration_rounds;
