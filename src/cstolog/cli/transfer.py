"""(commands of this group are added here)"""
