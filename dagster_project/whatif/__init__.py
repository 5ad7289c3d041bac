"""What-if: the program under alternative rules, per partner and quarter."""
